// 合并报送 end to end: bureau staff enter one paper report for two of 乙局's duties with `duban submit`, and 甲局
// files one report for its two duties from its page in headless Chromium. Each duty gets its own receipt; the
// ledger and each round's 汇总 show one row per duty, each with its receipt, its own figures and the one report's
// text; the board's timeline reads in words and Chinese dates.
import { unpackRound } from '../../domain/obligation/packed-round';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { signLink } from '../../store/links/signed-links';
import { withReportTexts } from '../../activities/notices';
import { compilationHtml } from '../../activities/mail/compilation-documents';
import ExcelJS from 'exceljs';
import { obligationView } from '../../client/operations';
import { planLedgerOf } from '../../client/plan-runs';
import { ledgerXlsx } from '../../client/ledger-xlsx';
import { compile } from '../../domain/obligation/compilation';
import { isoAt } from '../../domain/calendar/time';
import { roundSnapshots, roundSpec } from '../../domain/contract/messages';
import { duban } from '../helpers/processes';
import { LINK_SECRET, startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { launchChromium } from '../helpers/browser';
import { storedReportFiles } from '../helpers/stored-reports';

const TQ = 'filing-cli-browser';

let stack: WebStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startWebStack(TQ, { figures: true, secondTask: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const cleanup = (unit: string) => `${stack.plan}.t1.cleanup.${unit}`;
const training = (unit: string) => `${stack.plan}.t2.training.${unit}`;
const token = (unit: string) => signLink({ unit, exp: Math.floor(Date.now() / 1000) + 3600 }, LINK_SECRET);
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(4096), Buffer.from('\n%%EOF\n')]);
const cli = (args: string[]) =>
  duban(args, {
    TEMPORAL_ADDRESS: stack.env.address,
    DUBAN_TASK_QUEUE: TQ,
    DUBAN_DATA_DIR: stack.dataDir,
    DUBAN_PAYLOAD_ENCRYPTION: 'off',
  });

async function until<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await read().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const started = (id: string) => until(() => obligationView(stack.env.client, id).then(() => true), `${id} to start`);

/** Report files in the store, staging left out. */
const stored = () => storedReportFiles(stack.dataDir);

/** The round's 汇总 as it would be compiled now (the round's own spec and view of its obligations), texts filled in. */
async function compilationNow(round: string, unit: string) {
  const h = stack.env.client.workflow.getHandle(round);
  // The round hears of a report from its obligation a moment later.
  const snapshots = await until(async () => {
    const s = await h.query(roundSnapshots);
    return s.find((x) => x.unit === unit)?.submission ? s : undefined;
  }, `the ${round} round to see ${unit}'s report`);
  return withReportTexts(compile(unpackRound(await h.query(roundSpec)), snapshots, 'deadline', isoAt(Date.now()), round), stack.reports);
}

test('`duban submit` with two duties: one stored report, a receipt for each; the ledger and both 汇总 show a row per duty', async () => {
  await Promise.all([cleanup('yi'), training('yi'), cleanup('jia'), training('jia')].map(started));
  const attachment = path.join(stack.dataDir, '乙局年度材料.pdf');
  fs.writeFileSync(attachment, pdf);
  const text = '乙局全年清理与培训工作情况：均已完成。';

  // A figure of one duty missing: refused, naming the duty; nothing stored, nothing submitted.
  const before = stored();
  const refused = await cli([
    'submit',
    '--unit',
    '乙局',
    '--task',
    '1',
    '--task',
    '2',
    '--by',
    '乙局 王某',
    '--text',
    text,
    '--figure',
    'cases=12',
  ]);
  expect(refused.code).toBe(2);
  expect(refused.stderr.trim()).toBe('错误：任务2“培训情况”：缺少指标数据：培训学时（学时）');
  expect(stored()).toEqual(before);
  // A figure no chosen duty asks for.
  const unknown = await cli(['submit', cleanup('yi'), training('yi'), '--by', '乙局 王某', '--text', text, '--figure', '经费=3']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('选中的事项都没有指标“经费”，可填：任务1：cases（清理案件数）、任务2：hours（培训学时）');
  for (const id of [cleanup('yi'), training('yi')]) expect((await obligationView(stack.env.client, id)).state.submissions).toEqual([]);

  const r = await cli([
    'submit',
    cleanup('yi'),
    training('yi'),
    '--by',
    '乙局 王某',
    '--text',
    text,
    '--figure',
    '清理案件数=12',
    '--figure',
    't2.hours=60',
    '--attach',
    attachment,
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const a = (await obligationView(stack.env.client, cleanup('yi'))).state.submissions[0];
  const b = (await obligationView(stack.env.client, training('yi'))).state.submissions[0];
  expect(r.stdout.trim().split('\n')).toEqual([
    '合并报送：一份报告报送 2 个事项，2 个成功',
    `  任务1“清理结果”：回执编号 ${a.receipt}（${cleanup('yi')}）`,
    `  任务2“培训情况”：回执编号 ${b.receipt}（${training('yi')}）`,
  ]);
  expect(a.receipt).not.toBe(b.receipt);
  expect(b.report!.path).toBe(a.report!.path); // one stored report
  expect(await stack.reports.textOf(a.report!)).toBe(text);

  // The ledger: a row per duty, each awaiting review with its own receipt and figures.
  const ledger = await until(async () => {
    const rows = (await planLedgerOf(stack.env.client, stack.plan)).filter((x) => x.unit === '乙局');
    return rows.every((x) => x.stage === 'submitted') ? rows : undefined;
  }, 'the ledger to show both reports');
  expect(ledger.map((x) => [x.id, x.stage, x.submission?.receipt, x.submission?.by, x.submission?.figures]).sort()).toEqual(
    [
      [cleanup('yi'), 'submitted', a.receipt, '乙局 王某', { cases: 12 }],
      [training('yi'), 'submitted', b.receipt, '乙局 王某', { hours: 60 }],
    ].sort(),
  );

  // The ledger sheet the board and `duban ledger --xlsx` give: the same rows, dates in Chinese.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await ledgerXlsx(await planLedgerOf(stack.env.client, stack.plan))) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('台账')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const col = (name: string) => header.indexOf(name);
  const yiRows = sheet.getRows(2, sheet.rowCount - 1)!.filter((row) => row.getCell(col('单位')).value === '乙局');
  expect(yiRows.map((row) => [row.getCell(col('编号')).value, row.getCell(col('状态')).value, row.getCell(col('回执编号')).value])).toEqual(
    [
      [cleanup('yi'), '已报送', a.receipt],
      [training('yi'), '已报送', b.receipt],
    ],
  );
  for (const row of yiRows) {
    expect(row.getCell(col('截止')).value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（星期.）23:59$/);
    expect(row.getCell(col('报送时间')).value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}$/);
  }

  // Each round's 汇总: 乙局 on time, with its receipt, the whole text and that duty's figures; 甲局 still missing.
  for (const [round, receipt, figures, shown] of [
    [`${stack.plan}.t1.cleanup`, a.receipt, { cases: 12 }, '清理案件数：12 件'],
    [`${stack.plan}.t2.training`, b.receipt, { hours: 60 }, '培训学时：60 学时'],
  ] as const) {
    const c = await compilationNow(round, '乙局');
    expect(c.onTime.map((x) => [x.unit, x.receipt, x.by, x.text, x.figures])).toEqual([['乙局', receipt, '乙局 王某', text, figures]]);
    expect(c.missing.map((x) => x.unit)).toEqual(['甲局']);
    const html = compilationHtml(c);
    expect(html).toContain(`<td>${receipt}</td>`);
    expect(html).toContain(text);
    // Figures by their names and units, not their ids.
    expect(html).toContain(`<br>${shown}</td>`);
    expect(html).not.toMatch(/cases:|hours:/);
  }
}, 180_000);

test("甲局 files one report for both its duties from its page in Chromium; the board shows each duty's report and a readable timeline", async () => {
  await Promise.all([cleanup('jia'), training('jia')].map(started));
  const unit = await browser.newPage();
  await unit.goto(`${stack.url}/u/jia?t=${token('jia')}`);
  await unit.click('#file-several');
  await unit.waitForSelector('form.report');
  await unit.check(`input[name=duty][value="${cleanup('jia')}"]`);
  await unit.check(`input[name=duty][value="${training('jia')}"]`);
  await unit.fill(`input[name="figure:${cleanup('jia')}:cases"]`, '8');
  await unit.fill(`input[name="figure:${training('jia')}:hours"]`, '1,200');
  await unit.fill('input[name=by]', '王五');
  await unit.fill('textarea[name=text]', '甲局全年工作情况。清理与培训均已完成。');
  await unit.setInputFiles('input[name=attachments]', { name: '甲局年度材料.pdf', mimeType: 'application/pdf', buffer: pdf });
  await unit.click('form.report button[type=submit]');
  await unit.waitForSelector('ul.receipts');
  await expect(unit.textContent('h1')).resolves.toBe('报送成功');
  const shown = await unit.locator('ul.receipts li').allTextContents();
  const a = (await obligationView(stack.env.client, cleanup('jia'))).state.submissions[0];
  const b = (await obligationView(stack.env.client, training('jia'))).state.submissions[0];
  expect(shown).toHaveLength(2);
  expect(shown[0]).toMatch(
    new RegExp(`^任务1 · 清理结果：回执编号 ${a.receipt.replace(/[.]/g, '\\.')}，\\d{4}年\\d{1,2}月\\d{1,2}日（星期.）\\d{2}:\\d{2}$`),
  );
  expect(shown[1]).toContain(`任务2 · 培训情况：回执编号 ${b.receipt}，`);
  expect([a.figures, b.figures, a.by]).toEqual([{ cases: 8 }, { hours: 1200 }, '王五（甲局）']);
  expect(b.report!.path).toBe(a.report!.path);

  // The unit's page lists both receipts.
  await unit.goto(`${stack.url}/u/jia?t=${token('jia')}`);
  await expect(unit.locator(`tr[id="${cleanup('jia')}"]`).textContent()).resolves.toContain(a.receipt);
  await expect(unit.locator(`tr[id="${training('jia')}"]`).textContent()).resolves.toContain(b.receipt);

  // The board: each duty's page shows the one report under its own receipt; the timeline has no machine text.
  const board = await browser.newPage();
  await board.goto(`${stack.url}/board/login`);
  await fillLogin(board, SUPERVISOR);
  for (const [id, receipt] of [
    [cleanup('jia'), a.receipt],
    [training('jia'), b.receipt],
  ]) {
    await board.goto(`${stack.url}/board/o/${id}`);
    const page = await board.textContent('main');
    expect(page).toContain(`报告 ${receipt}`);
    expect(page).toContain('甲局全年工作情况。清理与培训均已完成。');
    const timeline = (await board.locator('table.timeline tbody').textContent())!;
    expect(timeline).toContain(`回执 ${receipt}`);
    expect(timeline).toMatch(/截止 \d{4}年\d{1,2}月\d{1,2}日（星期.）23:59/);
    expect(timeline).not.toMatch(/\d{4}-\d{2}-\d{2}T|remind-|urge-|ext-\d|ack-(contact|leader)|。。/);
  }
}, 180_000);

test('`duban receipt` finds the duty and the report of a receipt number as read out on the phone', async () => {
  const { state } = await obligationView(stack.env.client, training('yi'));
  const receipt = state.submissions[0].receipt; // filed by the CLI above
  const heard = receipt.toLowerCase().replaceAll('-', ' ').replace(/0/g, 'o');
  const r = await cli(['receipt', heard]);
  expect(r.stderr).toBe('');
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe(`回执 ${receipt}：乙局 · 任务2“培训情况”（${training('yi')}）`);
  expect(lines[1]).toMatch(/^第 1 次报送：\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}，乙局 王某$/);
  expect(lines[2]).toMatch(/^现状：已报送，截止 \d{4}年\d{1,2}月\d{1,2}日（星期.）23:59$/);

  const unknown = await cli(['receipt', 'HZ-ZZZZ-ZZZZ-1']);
  expect([unknown.code, unknown.stderr.trim()]).toEqual([
    2,
    '错误：未找到回执 HZ-ZZZZ-ZZZZ-1：正在运行的方案中没有这个编号的报告，请核对编号',
  ]);
  // The older form of this duty's number was never given: its reports have short numbers.
  expect((await cli(['receipt', `HZ-${training('yi')}-1`])).code).toBe(2);
  const garbage = await cli(['receipt', '12345']);
  expect([garbage.code, garbage.stderr.trim()]).toEqual([2, '错误：“12345”不是回执编号（应为 HZ-7K3M-Q9XD-1 这样的编号）']);
}, 120_000);
