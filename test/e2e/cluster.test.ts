// `npm run cluster` end to end: PostgreSQL and a real Temporal cluster (frontend, history, matching and worker
// as separate processes, SQL visibility) run a plan: the first reminder reaches the inbox, the worker is killed
// and restarted by the start command, the unit then reports through the portal link from its mail, duban's
// search attributes answer list queries on the cluster's visibility store, and Ctrl-C stops it all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { temporalCliPath } from '../../config/binaries';
import { PidFile } from '../../worker/supervision/pid-file';
import { postgresDir } from '../../scripts/cluster/postgres-service';
import { duban, launch, Launched, processesMatching, temporalCli, waitForGroupGone, waitForOutput } from '../helpers/processes';
import { dueToday } from '../helpers/due-today';
import { writeOneTaskPlan } from '../helpers/one-task-plan';
import { receiptId } from '../../domain/obligation/ids';

// Ports of their own (4xxxx; membership 319xx): the frontend's neighbours +1, +2, +6, +10 are the other services'.
const FRONTEND = 27300;
const WEB = 27080;
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

test('a plan on the local cluster: reminder delivered, worker killed and restarted, report through the portal, list queries on SQL visibility', async () => {
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
    DUBAN_MAIL_WEB_PORT: '27081',
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
  // Every service exports its own metrics.
  for (let p = 27391; p <= 27394; p++) expect(await (await fetch(`http://127.0.0.1:${p}/metrics`)).text()).toContain('# TYPE');

  // The first reminder (its next send time past the deadline: sent at once) reaches the inbox, with the unit's link.
  const reminder = await until(
    'the reminder',
    async () => (await inbox()).find((m) => m.subject.startsWith('【提醒】') && m.text.includes('/u/jia?t=')),
    120_000,
  );
  const link = /(http:\/\/localhost:\d+\/u\/jia\?t=[\w.-]+)/.exec(reminder.text)![1];

  // kill -9 the worker: the start command restarts it; the cluster keeps every workflow.
  const worker = new PidFile(dataDir).read()!.children.find((c) => c.match === 'worker/main.ts')!.pid;
  process.kill(worker, 'SIGKILL');
  await waitForOutput(stack, '工作进程（worker）已重新启动（第 1 次', 120_000);

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

  // Ctrl-C stops the worker, the web server, the four services, the UI and PostgreSQL.
  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toContain('Temporal 集群与 PostgreSQL 已停止');
  expect(fs.existsSync(path.join(dataDir, 'delivery.db'))).toBe(false);
  expect(await processesMatching(parent)).toEqual([]);
  expect(await processesMatching(postgresDir(dataDir))).toEqual([]);
}, 600_000);
