// A worker crash must not take the service with it: under `npm start`, the worker process is killed (kill -9)
// three times in the middle of a burst of notices (three waves of 100, one per kill); the start command restarts
// it each time, a second worker (`npm run worker`, same data folder) joins for the rest, and afterwards the
// delivery log's keys and the SMTP server's messages agree: every notice arrived, none is missing or extra. A
// kill that falls after the server has taken a message but before the log recorded it makes the retry send that
// mail again (SMTP cannot tell us); such a copy carries the same Message-ID, so a mail client shows it once.
// The worker sends over a pool of SMTP_CONNECTIONS connections, one message at a time on each, so one kill
// can catch at most that many mails between the server's acceptance and the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client, Connection } from '@temporalio/client';
import { TestSmtp } from '../helpers/smtp';
import { launch, Launched, waitForOutput } from '../helpers/processes';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';
import { startNoticeBurst } from '../helpers/notice-burst';
import { PidFile } from '../../worker/supervision/pid-file';
import { SMTP_CONNECTIONS } from '../../activities/mail/mailer';

const PORT = 22233;
const WAVE = 100;
const BURST = 3 * WAVE;
const QUEUE = 'duban-crash';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-crash-'));
const smtp = new TestSmtp();
const launched: Launched[] = [];
let stack: Launched;
let second: Launched;
let client: Client | undefined;

afterAll(async () => {
  await client?.connection.close();
  await stopLeftovers(dataDir, launched);
  await smtp.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const workerPid = () => new PidFile(dataDir).read()!.children.find((c) => c.match === 'worker/main.ts')!.pid;
const until = async (what: string, ok: () => boolean, timeoutMs: number) => {
  for (const end = Date.now() + timeoutMs; !ok(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};

test('the worker is killed three times during a burst of 300 notices: restarted each time, every notice delivered, the log and the server agree', async () => {
  await smtp.start();
  // What both workers share: the task queue on one server, the mail server, the data folder (delivery log).
  const shared = {
    DUBAN_DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    DUBAN_TASK_QUEUE: QUEUE,
    DUBAN_DIGEST_WAIT_MS: '300',
    DUBAN_SMS_PROVIDER: 'none',
  };
  stack = await startUntilReady(startEnv(dataDir, { temporal: PORT, ui: 22234, metrics: 22464, web: 22080 }, shared), launched);
  client = new Client({ connection: await Connection.connect({ address: `127.0.0.1:${PORT}` }) });

  // Three times: a wave of notices falls due; once this worker has sent a few, kill it; wait for the new one.
  const keys: string[] = [];
  let lastKill = 0;
  for (let k = 1; k <= 3; k++) {
    const sent = smtp.messages.length;
    keys.push(...(await startNoticeBurst(client, QUEUE, WAVE, `wave${k}`)));
    await until(`notices of wave ${k}`, () => smtp.messages.length >= sent + 5, 300_000);
    expect(smtp.messages.length).toBeLessThan(keys.length); // in the middle of the burst
    const pid = workerPid();
    process.kill(pid, 'SIGKILL');
    lastKill = Date.now();
    await until(`notice of crash ${k}`, () => stack!.output().split('工作进程（worker）意外退出（信号 SIGKILL）').length - 1 === k, 30_000);
    await waitForOutput(stack, `工作进程（worker）已重新启动（第 ${k} 次`, 180_000);
    expect(workerPid()).not.toBe(pid);
  }
  // Backoff: 1 s, then doubling while the restarts come quickly.
  expect(stack.output()).toMatch(/工作进程（worker）意外退出（信号 SIGKILL），1 秒后重启/);

  // Another worker on the same server, task queue and data folder shares the rest, including the notices the
  // killed workers' senders had claimed (taken over once their claims expire).
  second = launch('npm', ['run', 'worker'], { ...shared, TEMPORAL_ADDRESS: `127.0.0.1:${PORT}`, DUBAN_PORTAL_URL: '' });
  launched.push(second);
  await waitForOutput(second, `任务队列 ${QUEUE}`, 180_000);

  // Batches the killed workers had claimed come back after their claim expires; wait until every notice is logged.
  const log = new Database(path.join(dataDir, 'delivery.db'), { readonly: true });
  const accepted = () =>
    log.prepare(`SELECT key, error FROM deliveries WHERE channel = 'email' AND status = 'accepted'`).all() as {
      key: string;
      error: string | null;
    }[];
  await until('every notice in the delivery log', () => accepted().length >= BURST, 600_000);
  console.log(`all ${BURST} notices logged ${((Date.now() - lastKill) / 1000).toFixed(0)} s after the last kill`);

  // Stop everything (so nothing can still be sending), then compare the log with what the server received.
  process.kill(second.child.pid!, 'SIGTERM');
  process.kill(stack.child.pid!, 'SIGTERM');
  await Promise.all([second.exited, stack.exited]);
  const rows = accepted();
  log.close();
  const received = smtp.messages.map((m) => String(m.headers.get('x-duban-key')));
  expect(rows.every((r) => r.error === null)).toBe(true); // distinct addresses: no digest merged two notices
  expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort()); // the log: each notice once, none missing
  expect([...new Set(received)].sort()).toEqual([...keys].sort()); // the server: every notice, nothing else
  // A second copy only for a notice caught by a kill mid-send, under its first copy's Message-ID.
  const idOf = new Map<string, string>();
  for (const m of smtp.messages) {
    const key = String(m.headers.get('x-duban-key'));
    expect(m.messageId).toBe(idOf.get(key) ?? m.messageId);
    idOf.set(key, m.messageId!);
  }
  console.log(`${received.length - BURST} notices sent twice (killed between the server's acceptance and the log)`);
  console.log(`${smtp.connectionErrors.length} SMTP connections reset by the kills`);
  expect(received.length - BURST).toBeLessThanOrEqual(3 * SMTP_CONNECTIONS);
  expect(stack.output()).not.toContain('启动失败');
}, 900_000);
