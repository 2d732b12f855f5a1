// `npm run cluster` end to end, as a deployment runs: PostgreSQL and a real Temporal cluster (frontend, history,
// matching and worker as separate processes, SQL visibility) under two web processes and two workers. A plan runs:
// the first reminder reaches the inbox, a worker and the matching service are killed and started again by the
// start command, the unit reports through the portal link from its mail, duban's search attributes answer list
// queries on the cluster's visibility store. A supervisor logs in through web A and acts through web B, web A is
// killed and the same session goes on through B; 120 concurrent wrong guesses over both processes meet one
// throttle, and the owner still logs in from a known browser. Ctrl-C stops it all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { temporalCliPath } from '../../config/binaries';
import { PidFile } from '../../worker/supervision/pid-file';
import { postgresDir } from '../../scripts/cluster/postgres-service';
import { duban, launch, Launched, processesMatching, temporalCli, waitForGroupGone, waitForOutput } from '../helpers/processes';
import { cookieOf, httpFrom, HttpAnswer, loginFrom } from '../helpers/http-from';
import { dueToday } from '../helpers/due-today';
import { writeOneTaskPlan } from '../helpers/one-task-plan';
import { receiptId } from '../../domain/obligation/ids';

// Ports of their own (4xxxx; membership 319xx): the frontend's neighbours +1, +2, +6, +10 are the other services'.
const FRONTEND = 27300;
/** Web A; web B listens on the next port. */
const WEB = 27080;
const WEB_B = WEB + 1;
const MAIL_DIR = (d: string) => path.join(d, 'mail');
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-cluster-'));
const dataDir = path.join(parent, 'data');
let stack: Launched | undefined;

afterAll(async () => {
  if (stack && stack.child.exitCode === null) process.kill(-stack.child.pid!, 'SIGKILL');
  for (const dir of [parent, postgresDir(dataDir)]) {
    for (const pid of await processesMatching(dir)) process.kill(Number(pid), 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 500))) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

/** The inbox's mails (MailDev keeps each as an .eml file). */
async function inbox(): Promise<{ subject: string; text: string }[]> {
  if (!fs.existsSync(MAIL_DIR(dataDir))) return [];
  const files = fs.readdirSync(MAIL_DIR(dataDir)).filter((f) => f.endsWith('.eml'));
  return Promise.all(
    files.map(async (f) => {
      const m = await simpleParser(fs.readFileSync(path.join(MAIL_DIR(dataDir), f)));
      return { subject: m.subject ?? '', text: m.text ?? '' };
    }),
  );
}

test('a plan on the local cluster with two web processes and two workers: reminder delivered, a worker and a Temporal service killed and restarted, report through the portal, list queries on SQL visibility, one board session and one login throttle over both web processes', async () => {
  const due = dueToday(); // the first reminder goes at once (see due-today)
  const year = due.year;
  writeOneTaskPlan(parent, 'cluster', '集群测试方案', due);
  stack = launch('npm', ['run', 'cluster'], {
    DUBAN_DATA_DIR: dataDir,
    DUBAN_PLAN: path.join(parent, 'plan.yaml'),
    DUBAN_TEMPORAL_PORT: String(FRONTEND),
    DUBAN_UI_PORT: '27380',
    DUBAN_POSTGRES_PORT: '27432',
    DUBAN_CLUSTER_METRICS_PORT: '27391',
    DUBAN_CLUSTER_MEMBERSHIP_PORT: '31933',
    DUBAN_METRICS_ADDRESS: '127.0.0.1:27464',
    DUBAN_WEB_PORT: String(WEB),
    DUBAN_MAIL_SMTP_PORT: '27025',
    DUBAN_MAIL_WEB_PORT: '27082',
    DUBAN_WEB_PROCESSES: '2',
    DUBAN_WORKERS: '2',
    DUBAN_DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    SMTP_URL: '',
    DUBAN_LINK_SECRET: '',
    DUBAN_SESSION_SECRET: '',
    DUBAN_BOARD_USERS: '',
  });
  await waitForOutput(stack, '指南：', 300_000);
  expect(stack.output()).toContain(`Temporal 集群：前端 127.0.0.1:${FRONTEND}，4 个历史分片，PostgreSQL 127.0.0.1:27432`);
  expect(stack.output()).toContain('Temporal Web UI：http://localhost:27380/namespaces/default/workflows');
  expect((await fetch('http://127.0.0.1:27380/')).status).toBe(200);
  // duban's own store (delivery log, outbox, reports) is the cluster's PostgreSQL too, not files in the data folder.
  expect(stack.output()).toContain('[worker] 存储：PostgreSQL postgres@127.0.0.1:27432');
  // Every service exports its own metrics, and so does each worker.
  for (let p = 27391; p <= 27394; p++) expect(await (await fetch(`http://127.0.0.1:${p}/metrics`)).text()).toContain('# TYPE');
  for (const p of [27464, 27465]) expect(await (await fetch(`http://127.0.0.1:${p}/metrics`)).text()).toContain('# TYPE');
  // Two web processes and two workers, each said with its address or its process.
  expect(stack.output()).toContain(`报送平台与督查看板（网页进程 2）：http://localhost:${WEB_B}/board（进程 `);
  expect(stack.output()).toMatch(/工作进程（worker 2）：进程 \d+，运行指标 http:\/\/127\.0\.0\.1:27465\/metrics/);

  // The first reminder (its next send time past the deadline: sent at once) reaches the inbox, with the unit's link.
  const reminder = await until(
    'the reminder',
    async () => (await inbox()).find((m) => m.subject.startsWith('【提醒】') && m.text.includes('/u/jia?t=')),
    120_000,
  );
  const link = /(http:\/\/localhost:\d+\/u\/jia\?t=[\w.-]+)/.exec(reminder.text)![1];

  // kill -9 a worker and the matching service: the start command starts each again; the cluster keeps every workflow.
  process.kill(childPid('工作进程（worker 1）'), 'SIGKILL');
  process.kill(childPid('Temporal matching 服务'), 'SIGKILL');
  await waitForOutput(stack, '工作进程（worker 1）已重新启动（第 1 次', 120_000);
  await waitForOutput(stack, 'Temporal matching 服务已重新启动（第 1 次）', 180_000);

  // The unit reports through its link; the restarted worker takes the update.
  const id = `cluster-${year}.t1.cleanup.jia`;
  const token = new URL(link).searchParams.get('t')!;
  const form = new FormData();
  form.set('by', '王某某');
  form.set('text', '清理工作已完成（集群测试）。');
  // Right after the kill the update can wait on the dead worker's sticky queue past the portal's time limit: the
  // unit then reads 系统繁忙 and sends the same report again, as its page offers; it is taken once.
  let posted = await fetch(`http://127.0.0.1:${WEB}/u/jia/o/${id}?t=${token}`, { method: 'POST', body: form });
  for (let i = 0; posted.status === 503 && i < 10; i++) {
    expect(await posted.text()).toContain('系统繁忙');
    posted = await fetch(`http://127.0.0.1:${WEB}/u/jia/o/${id}?t=${token}`, { method: 'POST', body: form });
  }
  expect(posted.status).toBe(200);
  expect(await posted.text()).toContain(`回执编号：<strong id="receipt">${receiptId(id, 1)}</strong>`);

  // duban's search attributes on the cluster's SQL visibility: the reported duty and the one still owed.
  const cli = temporalCliPath()!;
  const list = async (query: string) =>
    JSON.parse(await temporalCli(cli, ['workflow', 'list', '--address', `127.0.0.1:${FRONTEND}`, '--query', query, '-o', 'json'])) as {
      execution: { workflowId: string };
    }[];
  // Visibility follows each change within a second or two; the search attributes are shown when it does not.
  const listed = (query: string) =>
    until(
      query,
      async () => ((await list(query)).length ? (await list(query)).map((r) => r.execution.workflowId) : undefined),
      90_000,
    ).catch(async (err: Error) => {
      const described = await temporalCli(cli, ['workflow', 'describe', '--address', `127.0.0.1:${FRONTEND}`, '-w', id, '-o', 'json']);
      throw new Error(`${err.message}\n${stack!.output().slice(-3000)}\n${described.slice(0, 3000)}`);
    });
  expect(await listed(`DubanKind='obligation' AND DubanStage='submitted' AND DubanLight='green'`)).toEqual([id]);
  expect(await listed(`DubanKind='obligation' AND DubanUnit='乙局' AND DubanLight IN ('yellow','red')`)).toEqual([
    `cluster-${year}.t1.cleanup.yi`,
  ]);
  const status = await duban(['status', '--plan', `cluster-${year}`, '--json'], {
    TEMPORAL_ADDRESS: `127.0.0.1:${FRONTEND}`,
    DUBAN_DATA_DIR: dataDir,
  });
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id, stage: 'submitted' })]));

  await oneBoardOverTwoWebs(id);

  // Ctrl-C stops the worker, the web server, the four services, the UI and PostgreSQL.
  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toContain('Temporal 集群与 PostgreSQL 已停止');
  expect(fs.existsSync(path.join(dataDir, 'delivery.db'))).toBe(false);
  expect(await processesMatching(parent)).toEqual([]);
  expect(await processesMatching(postgresDir(dataDir))).toEqual([]);
}, 600_000);

/** The pid of the process the start command calls `name`, from its pid file. */
const childPid = (name: string) => new PidFile(dataDir).read()!.children.find((c) => c.name === name)!.pid;

const board = (port: number) => `http://127.0.0.1:${port}`;
const alert = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
const count = (answers: HttpAnswer[], status: number) => answers.filter((a) => a.status === status).length;

/** A request from the board's own page on web `port` (its Origin), with the session cookie. */
const boardRequest = (port: number, path: string, cookie: string, method = 'GET') =>
  httpFrom('127.0.0.1', `${board(port)}${path}`, {
    method,
    body: method === 'POST' ? '' : undefined,
    headers: { cookie, origin: board(port), 'content-type': 'application/x-www-form-urlencoded' },
  });

/**
 * Sessions, the login throttle and the accounts are in PostgreSQL: a login through web A serves on web B and
 * outlives web A; guesses spread over both meet one limit; the owner's known browser is not locked out.
 */
async function oneBoardOverTwoWebs(submitted: string): Promise<void> {
  // npm run cluster put its first account in the database (the password in the data folder, as npm start does).
  const [, username, password] = /用户名 (\S+)\n密码 (\S+)/.exec(
    fs.readFileSync(path.join(dataDir, 'board-initial-password.txt'), 'utf8'),
  )!;
  const login = await loginFrom('127.0.0.1', board(WEB), username, password);
  expect(login.status).toBe(302);
  const session = cookieOf(login.headers['set-cookie'], 'duban_board')!;
  const device = cookieOf(login.headers['set-cookie'], 'duban_device')!;
  expect(session && device).toBeTruthy();

  // Logged in through A, the board through B: the obligation's page, with its report to review.
  const page = await boardRequest(WEB_B, `/board/o/${submitted}`, session);
  expect(page.status).toBe(200);
  expect(page.body).toContain('清理工作已完成（集群测试）。');

  // kill -9 web A: the supervisor starts it again; meanwhile B serves the same session, and accepts the report.
  process.kill(childPid('报送平台与督查看板（网页进程 1）'), 'SIGKILL');
  const accepted = await boardRequest(WEB_B, `/board/o/${submitted}/accept`, session, 'POST');
  expect(accepted.status).toBe(302);
  expect(decodeURIComponent(accepted.headers.location ?? '')).toContain('已审核通过（已办结）');
  expect((await boardRequest(WEB_B, '/board', session)).status).toBe(200);
  await waitForOutput(stack!, '报送平台与督查看板（网页进程 1）已重新启动（第 1 次', 120_000);
  // The restarted A knows the session too: a restart logs nobody out.
  const again = await boardRequest(WEB, `/board/o/${submitted}`, session);
  expect(again.status).toBe(200);
  expect(again.body).toContain('已办结');

  // 120 concurrent wrong guesses from 24 addresses (5 each: under each address's own limit), half through each
  // process: one count for the account, so 20 passwords are checked in all (not 20 per process), the rest refused.
  const guesses = await Promise.all(
    Array.from({ length: 120 }, (_, i) => loginFrom(`127.0.1.${10 + (i % 24)}`, board(i % 2 ? WEB_B : WEB), username, 'wrong password')),
  );
  expect(count(guesses, 401)).toBe(20);
  expect(count(guesses, 429)).toBe(100);
  // Either process refuses the next attempt from a new browser, in Chinese, even with the right password.
  for (const port of [WEB, WEB_B]) {
    const refused = await loginFrom('127.0.1.99', board(port), username, password);
    expect(refused.status).toBe(429);
    expect(alert(refused.body)).toMatch(
      /^该账号近期登录失败过多，暂停从新的浏览器登录，请 \d+ 分钟后再试（曾在本浏览器登录过的不受影响）$/,
    );
  }
  // The owner's browser (its device cookie from the first login) still logs in, through either process.
  for (const port of [WEB, WEB_B]) expect((await loginFrom('127.0.0.1', board(port), username, password, device)).status).toBe(302);
}
