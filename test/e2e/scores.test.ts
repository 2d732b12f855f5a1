// The assessment ranking (考核排名) on a running plan whose file declares its own scoring rules: `duban score`
// as staff run it, the ledger XLSX with its score columns and ranking sheet, and the board's ranking page in
// headless Chromium, each unit opening its per-obligation breakdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import ExcelJS from 'exceljs';
import { Browser } from 'playwright-core';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createDubanWorker } from '../../worker/create-worker';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { loadPlanFromDisk } from '../../client/plan-files';
import { planLedgerOf, startPlanRun } from '../../client/plan-runs';
import { LocalReportStore } from '../../store/local/report-store';
import { FileLinkVersions } from '../../store/local/link-versions';
import { createWebServer } from '../../web/server';
import { saveBoardUser, watchedBoardUsers } from '../../config/board-users';
import { reportsDir } from '../../config/paths';
import { ZONE } from '../../domain/calendar/time';
import { RecordingSink } from '../helpers/recording-sink';
import { duban } from '../helpers/processes';
import { fillLogin } from '../helpers/board-login';
import { terminateRunning } from '../helpers/terminate';
import { launchChromium } from '../helpers/browser';

const QUEUE = 'scores';
const SUPERVISOR = { username: 'zhang', name: '张督查', password: 'correct horse battery' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-scores-'));
const dataDir = path.join(work, 'data');

// One duty a month past its deadline, one three weeks ahead; the plan's own rules (not the defaults).
const today = DateTime.now().setZone(ZONE);
const PLAN = `score-${today.year}`;
const planText = `id: ${PLAN}
year: ${today.year}
title: 考核测试方案
issuer: 测试司法局
issued: ${today.minus({ days: 60 }).toISODate()}
supervisor: 司法局
yearEnd: { id: annual, what: 年度工作落实情况, to: [司法局], due: ${today.year}-12-31, crossesYear: true }
scoring:
  onTime: 3
  latePerWorkingDay: 2
  lateCap: 4
groups:
  - { id: 一, title: 测试 }
tasks:
  - no: 1
    group: 一
    title: 清理工作
    text: 清理工作。
    responsible: [甲局, 乙局]
    duties:
      - { id: cleanup, what: 清理结果, from: task, to: [司法局], due: ${today.minus({ days: 30 }).toISODate()}, crossesYear: true }
      - { id: review, what: 复查情况, from: task, to: [司法局], due: ${today.plus({ days: 21 }).toISODate()}, crossesYear: true }
`;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let web: FastifyInstance;
let url: string;
let browser: Browser;
let cli: NodeJS.ProcessEnv;
const run = async (...args: string[]) => duban(args, cli);

beforeAll(async () => {
  fs.mkdirSync(dataDir, { recursive: true });
  env = await devServerEnv();
  cli = { TEMPORAL_ADDRESS: env.address, DUBAN_TASK_QUEUE: QUEUE, DUBAN_DATA_DIR: dataDir, DUBAN_PAYLOAD_ENCRYPTION: 'off' };
  const reports = new LocalReportStore(reportsDir(cli));
  worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: QUEUE,
    deps: { ...new RecordingSink().deps(), reports },
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
  const usersFile = path.join(dataDir, 'board-users.yaml');
  saveBoardUser(usersFile, SUPERVISOR);
  web = await createWebServer({
    client: env.client,
    linkSecret: 'test-link-secret-0123456789abcdef',
    linkVersions: new FileLinkVersions(path.join(dataDir, 'unit-links.json')),
    sessionSecret: 'test-session-secret-0123456789abcdef',
    users: watchedBoardUsers(usersFile),
    reports,
    taskQueue: QUEUE,
  });
  await web.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;

  const planFile = path.join(work, 'plan.yaml');
  fs.writeFileSync(planFile, planText);
  await startPlanRun(env.client, loadPlanFromDisk(planFile, { directory: 'test/fixtures/plans/directory.yaml' }), { taskQueue: QUEUE });
  // 甲局 reports both duties now: the first a month late, the second on time; 乙局 reports nothing.
  for (const duty of ['cleanup', 'review']) {
    let r = await run('submit', `${PLAN}.t1.${duty}.jia`, '--by', '甲局 王某', '--text', '已完成。');
    for (let i = 0; i < 20 && r.code !== 0 && r.stderr.includes('未找到'); i++) {
      await new Promise((res) => setTimeout(res, 500)); // the obligation's workflow may still be starting
      r = await run('submit', `${PLAN}.t1.${duty}.jia`, '--by', '甲局 王某', '--text', '已完成。');
    }
    expect(r.code).toBe(0);
  }
  // The round hears of both reports.
  for (let i = 0; i < 100; i++) {
    const rows = await planLedgerOf(env.client, PLAN);
    if (rows.filter((x) => x.unit === '甲局' && x.submission).length === 2) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (env) {
    await terminateRunning(env.client);
    worker?.shutdown();
    await running;
    await web?.close();
    await env.teardown();
  }
  fs.rmSync(work, { recursive: true, force: true });
});

// With the plan's rules: 甲局 −4 (late, capped at 4) +3 (on time) = −1; 乙局 −4 (a month missing, capped).
// The defaults would give −3 and −5.
test('duban score ranks the units with the plan’s own rules', async () => {
  const json = await run('score', '--json');
  expect(json.code).toBe(0);
  const out = JSON.parse(json.stdout);
  expect(out.plan).toBe(PLAN);
  expect(out.rules).toMatchObject({ onTime: 3, latePerWorkingDay: 2, lateCap: 4, escalation: { 催办: 1, 督办: 2, 通报: 5 } });
  expect(out.units.map((u: { rank: number; unit: string; score: number }) => [u.rank, u.unit, u.score])).toEqual([
    [1, '甲局', -1],
    [2, '乙局', -4],
  ]);
  const jia = out.units[0];
  expect(jia.obligations.map((o: { id: string; points: number }) => [o.id, o.points])).toEqual([
    [`${PLAN}.t1.cleanup.jia`, -4],
    [`${PLAN}.t1.review.jia`, 3],
  ]);

  const table = await run('score', '--unit', '乙局');
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/│\s*2\s*│\s*乙局\s*│\s*-4\s*│/);
  expect(table.stdout).toContain('逾期未报送，已逾期');
  expect(table.stdout).toContain('计分规则：按时报送 +3');

  expect(await run('score', '--unit', '丙局')).toMatchObject({ code: 2, stderr: `错误：方案 ${PLAN} 中没有单位 丙局\n` });
}, 60_000);

test('the ledger XLSX carries each row’s points and a ranking sheet', async () => {
  const file = path.join(work, '台账.xlsx');
  expect((await run('ledger', '--xlsx', file)).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ledger = wb.getWorksheet('台账')!;
  const header = ledger.getRow(1).values as unknown[];
  expect(header).toEqual(expect.arrayContaining(['得分', '得分明细']));
  const rows = ledger.getSheetValues().slice(2) as unknown[][];
  const jiaCleanup = rows.find((r) => r[1] === `${PLAN}.t1.cleanup.jia`)!;
  // Found by their headers: other columns (签收, 延期申请) come before them.
  expect([jiaCleanup[header.indexOf('得分')], jiaCleanup[header.indexOf('得分明细')]]).toEqual([
    -4,
    expect.stringMatching(/^逾期报送 \d+ 个工作日 −4$/),
  ]);
  const ranking = wb.getWorksheet('考核排名')!;
  expect(ranking.getRow(2).values).toEqual(expect.arrayContaining([1, '甲局', -1]));
  expect(ranking.getRow(3).values).toEqual(expect.arrayContaining([2, '乙局', -4]));
}, 60_000);

test('the board’s ranking page: one row per unit, each opening its breakdown', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/board`);
  await fillLogin(page, SUPERVISOR);
  await page.click('a:has-text("考核排名")');
  expect(page.url()).toBe(`${url}/board/scores?plan=${PLAN}`);
  await expect(page.textContent('h1')).resolves.toBe('考核排名');

  const rows = page.locator('tbody.unit-score');
  await expect(rows.count()).resolves.toBe(2);
  const ranked = await rows.evaluateAll((els) =>
    els.map((el) => [el.querySelector('td.rank')!.textContent, el.getAttribute('data-unit'), el.querySelector('td.score')!.textContent]),
  );
  expect(ranked).toEqual([
    ['1', '甲局', '-1'],
    ['2', '乙局', '-4'],
  ]);

  // The breakdown is folded until the unit is clicked.
  const jia = page.locator('tbody.unit-score[data-unit="甲局"]');
  const cleanup = jia.locator(`tr[data-obligation="${PLAN}.t1.cleanup.jia"]`);
  await expect(cleanup.isVisible()).resolves.toBe(false);
  await jia.locator('summary').click();
  await expect(cleanup.isVisible()).resolves.toBe(true);
  await expect(cleanup.locator('td.points').textContent()).resolves.toBe('-4');
  await expect(cleanup.textContent()).resolves.toMatch(/逾期报送 \d+ 个工作日 −4/);
  await expect(jia.locator(`tr[data-obligation="${PLAN}.t1.review.jia"]`).textContent()).resolves.toContain('按时报送 +3');
  await expect(page.locator('ul.rules').textContent()).resolves.toContain('按时报送 +3');

  // An obligation's row leads to its page.
  await cleanup.locator('a').click();
  expect(page.url()).toBe(`${url}/board/o/${encodeURIComponent(`${PLAN}.t1.cleanup.jia`)}`);
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
