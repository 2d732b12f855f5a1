// The README's start command, end to end: dev server + Web UI + worker, driven through the duban CLI
// and checked with the real Temporal CLI; Ctrl-C leaves nothing behind; a restart keeps the workflows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { DateTime } from 'luxon';
import { temporalCliPath } from '../../config/binaries';
import { ZONE } from '../../domain/calendar/time';
import { loadShipped } from '../helpers/plan-files';
import { duban, Launched, processesMatching, temporalCli, waitForGroupGone, waitForOutput } from '../helpers/processes';
import { boardCookie } from '../helpers/board-login';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';
import { nextOfficeHourMs } from '../../domain/calendar/office-hours';
import { receiptId } from '../../domain/obligation/ids';

const PORT = 17233;
const UI_PORT = 18233;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-start-'));
const MAIL_WEB = 11080;
const WEB_PORT = 18080;
const METRICS_PORT = 19464;
// The shipped plan (DUBAN_PLAN empty: the default).
const env = startEnv(
  dataDir,
  { temporal: PORT, ui: UI_PORT, metrics: METRICS_PORT, mailSmtp: 11025, mailWeb: MAIL_WEB, web: WEB_PORT },
  { DUBAN_PLAN: '' },
);
const cliEnv = { TEMPORAL_ADDRESS: `127.0.0.1:${PORT}`, DUBAN_DATA_DIR: dataDir }; // the CLI reads the payload key npm start generated there
// A single obligation, started as a plan of one task and one unit.
const SINGLE = 'plans/single-obligation.yaml';
const OBLIGATION = 'demo-2099.t15.rectify.taishan';
const launched: Launched[] = [];
let stack: Launched;

afterAll(async () => {
  await stopLeftovers(dataDir, launched);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('npm start runs the stack; the CLI starts, reads and submits to a one-obligation plan; Ctrl-C stops everything; a restart keeps it', async () => {
  stack = await startUntilReady(env, launched);
  expect(stack.output()).toContain(`Temporal Web UI：http://localhost:${UI_PORT}`);
  expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

  // The Web UI and the mail inbox answer a browser.
  const ui = await fetch(`http://127.0.0.1:${UI_PORT}/`);
  expect(ui.status).toBe(200);
  expect(stack.output()).toContain(`邮件收件箱：http://localhost:${MAIL_WEB}`);
  const inbox = await fetch(`http://127.0.0.1:${MAIL_WEB}/`, { headers: { accept: 'text/html' } });
  expect(inbox.status).toBe(200);
  expect(await inbox.text()).toMatch(/MailDev/i);

  // The shipped plan runs in the current year; the board opens with the first account; notices arrive.
  const year = DateTime.now().setZone(ZONE).year;
  await waitForOutput(stack, '已建立 439/439 项报送事项工作流', 300_000); // about a minute on a quiet machine
  expect(stack.output()).toContain(`已换算到 ${year} 年运行（方案编号 jiangmen-${year}）`);
  expect(stack.output()).toContain(
    `督查看板：http://localhost:${WEB_PORT}/board（账号 duban，初始密码见 ${path.join(dataDir, 'board-initial-password.txt')}）`,
  );
  expect(stack.output()).toContain('指南：在收件箱打开一封提醒');
  const [, password] = /密码 (\S+)/.exec(fs.readFileSync(path.join(dataDir, 'board-initial-password.txt'), 'utf8'))!;
  const cookie = await boardCookie(`http://127.0.0.1:${WEB_PORT}`, { username: 'duban', password });
  const board = await fetch(`http://127.0.0.1:${WEB_PORT}/board`, { headers: { cookie } });
  expect(await board.text()).toContain(`方案 <strong>jiangmen-${year}</strong>：报送事项 439 项`);
  expect(fs.readFileSync(path.join(dataDir, 'board-users.yaml'), 'utf8')).not.toContain(password);
  // Deadlines already past get their 汇总 and one inside its reminder window the latest reminder, at the next office
  // hour; the reminder goes now when that office hour would be past its deadline.
  const now = Date.now();
  const plan = loadShipped(year);
  const nextSend = nextOfficeHourMs(now, plan.plan.ladder.sendAt);
  const expectMail = plan.obligations.some(
    (o) =>
      now < Date.parse(o.due) && nextSend >= Date.parse(o.due) && o.ladder.some((s) => s.step === 'reminder' && Date.parse(s.at) <= now),
  );
  if (expectMail) {
    let subjects: string[] = [];
    for (let i = 0; i < 120 && !subjects.some((s) => /^【(提醒|汇总)】/.test(s)); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const files = fs.readdirSync(path.join(dataDir, 'mail')).filter((f) => f.endsWith('.eml'));
      subjects = await Promise.all(
        files.map(async (f) => (await simpleParser(fs.readFileSync(path.join(dataDir, 'mail', f)))).subject ?? ''),
      );
    }
    expect(subjects.some((s) => /^【(提醒|汇总)】/.test(s))).toBe(true);
  }

  // The worker's Prometheus endpoint: the SDK's worker metrics and duban's own (obligations by stage and light
  // from visibility, notices delivered per channel and step, the outbox's depth).
  expect(stack.output()).toContain(`运行指标（Prometheus）：http://127.0.0.1:${METRICS_PORT}/metrics`);
  const scrape = async () => (await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).text();
  const openObligations = (text: string) =>
    [...text.matchAll(/^duban_obligations\{([^}]*)\} (\d+)/gm)]
      .filter(([, labels]) => /stage="open"/.test(labels))
      .reduce((n, [, , v]) => n + Number(v), 0);
  const mailCounted = (text: string) => /^duban_notices_sent_total\{.*channel="email".*\} [1-9]/m.test(text);
  let metrics = await scrape();
  // The mail's file is written before the worker hears the server's answer and counts it.
  for (let i = 0; i < 60 && (openObligations(metrics) === 0 || (expectMail && !mailCounted(metrics))); i++) {
    await new Promise((r) => setTimeout(r, 1000)); // sampled from visibility every few seconds
    metrics = await scrape();
  }
  expect(openObligations(metrics)).toBeGreaterThan(0);
  expect(metrics).toMatch(/^temporal_worker_task_slots_available\{.*\} \d+/m);
  if (expectMail) expect(mailCounted(metrics)).toBe(true);
  if (expectMail) expect(metrics).toMatch(/^duban_outbox_depth(\{[^}]*\})? \d+/m); // queued notices not yet sent

  // The duban CLI starts a single obligation (a plan of one task and one unit); the worker runs it.
  const started = await duban(['start', SINGLE, '--year', '2099'], cliEnv);
  expect(started.stdout.trim()).toBe('已启动方案 demo-2099（台山市涉企乱罚款专项整治完成情况报送）：1 个轮次，1 项报送事项');
  expect(started.stderr.trim().split('\n').at(-1)).toBe('已建立 1/1 项报送事项工作流');
  let status = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  for (let i = 0; i < 50 && status.code !== 0; i++) status = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  expect(status.stdout).toMatch(/│ 15\s+│ 台山市 │ 涉企乱罚款专项整治完成情况 │ 2099-10-20 │ 待办 │ 绿灯 │ 无\s+│/);
  expect(status.stdout).toContain('共 1 项，红灯 0 项');

  // Starting the same plan again doubles nothing.
  const again = await duban(['start', SINGLE, '--year', '2099'], cliEnv);
  expect(again.code).toBe(2);
  expect(again.stderr.trim().split('\n').at(-1)).toBe('错误：方案 demo-2099 已在运行，未重复启动');

  // The real Temporal CLI finds it by duban's search attributes.
  const cli = temporalCliPath()!;
  const list = async (query: string) =>
    JSON.parse(await temporalCli(cli, ['workflow', 'list', '--address', `127.0.0.1:${PORT}`, '--query', query, '-o', 'json'])) as {
      execution: { workflowId: string };
    }[];
  const waitListed = async (query: string) => {
    for (let i = 0; i < 50; i++) {
      const rows = await list(query);
      if (rows.length) return rows;
      await new Promise((r) => setTimeout(r, 200)); // visibility is eventually consistent
    }
    return [];
  };
  expect(
    (
      await waitListed(`DubanKind='obligation' AND DubanPlan='demo-2099' AND DubanUnit='台山市' AND DubanTask=15 AND DubanStage='open'`)
    ).map((r) => r.execution.workflowId),
  ).toEqual([OBLIGATION]);
  expect(await list(`DubanPlan='demo-2099' AND DubanUnit='开平市'`)).toEqual([]);

  // Ctrl-C (SIGINT to the foreground process group) stops the worker and the dev server.
  const pidsBefore = await processesMatching(dataDir);
  expect(pidsBefore.length).toBeGreaterThan(0); // the dev server, found by its database path
  process.kill(-stack.child.pid!, 'SIGINT');
  expect([0, 130]).toContain(await stack.exited); // 130 = ended by SIGINT, as shells report Ctrl-C
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toContain('Temporal 开发服务器已停止');
  expect(stack.output()).toContain('邮件收件箱已停止');
  expect(stack.output()).toContain('报送平台与督查看板已停止');
  expect(await processesMatching(dataDir)).toEqual([]); // dev server and MailDev both carry the data folder
  expect(await processesMatching(`scripts/start.ts`)).toEqual([]);

  // Restart: the workflow is still there (SQLite file), and a report can be submitted.
  stack = await startUntilReady(env, launched);
  const submitted = await duban(['submit', OBLIGATION, '--by', '台山市司法局', '--text', '已完成整治'], cliEnv);
  expect(submitted.stdout.trim()).toBe(`报送成功，回执编号 ${receiptId(OBLIGATION, 1)}`);
  expect((await waitListed(`DubanPlan='demo-2099' AND DubanStage='submitted'`)).map((r) => r.execution.workflowId)).toEqual([OBLIGATION]);

  await waitForOutput(stack, '未重复启动', 120_000);
  expect(stack.output()).toContain(`方案 jiangmen-${year} 已在运行（重启后继续），未重复启动`);

  // SIGTERM to the npm process alone (as a process manager does) also stops everything.
  process.kill(stack.child.pid!, 'SIGTERM');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toContain('Temporal 开发服务器已停止');
  expect(await processesMatching(dataDir)).toEqual([]);
  expect(await processesMatching(`scripts/start.ts`)).toEqual([]);
}, 600_000);

test('the CLI explains, in one Chinese line, what is wrong with its input or its server', async () => {
  const badDate = await duban(['extend', '--unit', '江海区', '--by', '司法局 李某', '--reason', '申请延期', '--due', '2024-02-30'], cliEnv);
  expect(badDate.code).toBe(2);
  expect(badDate.stderr.trim()).toBe('错误：--due 不是有效的时间 "2024-02-30"（应为 2027-11-30 或 2027-11-30T18:00 这样的时间）');

  const badYear = await duban(['start', SINGLE, '--year', '二〇二七'], cliEnv);
  expect(badYear.code).toBe(2);
  expect(badYear.stderr.trim()).toBe('错误：--year 应为 2000–2100 之间的年份，收到 "二〇二七"');

  const missing = await duban(['start'], cliEnv);
  expect(missing.code).toBe(2);
  expect(missing.stderr.trim()).toBe('错误：缺少参数 plan');

  const down = await duban(['status', '--plan', 'demo-2099'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
  expect(down.code).toBe(1);
  expect(down.stderr.trim()).toMatch(/^错误：无法连接 Temporal 服务 127\.0\.0\.1:1/);
  expect(down.stderr).not.toContain('    at ');
});
