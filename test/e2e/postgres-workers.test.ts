// Two worker hosts, one PostgreSQL (issue 10 §5): two `npm run worker` processes with different data
// folders share one Temporal dev server, one task queue, one SMTP server and one DUBAN_DATABASE_URL. They
// start together on an empty database (the schema is applied once). Simultaneous reminders to one person,
// taken by both workers, still go out as one digest; then a burst of 200 notices is delivered exactly once:
// the PostgreSQL delivery log and the SMTP server's received messages agree, key for key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { MIGRATIONS } from '../../store/postgres/migrations';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../../simulation/environment';
import { PrivateCluster, startPrivateCluster } from '../../scripts/postgres/private-cluster';
import { TestSmtp } from '../helpers/smtp';
import { launch, Launched, waitForOutput } from '../helpers/processes';
import { startNoticeBurst } from '../helpers/notice-burst';

const QUEUE = 'duban-pg-hosts';
const BURST = 200;
const DIGEST = 12;
const SHARED = 'shared-contact@example.org';
const dirs = [0, 1].map((i) => fs.mkdtempSync(path.join(os.tmpdir(), `duban-host${i}-`)));
const smtp = new TestSmtp();
let cluster: PrivateCluster | undefined;
let env: TestWorkflowEnvironment | undefined;
let pool: Pool | undefined;
const workers: Launched[] = [];

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) process.kill(-w.child.pid!, 'SIGKILL');
  await pool?.end();
  await env?.teardown();
  await smtp.stop();
  await cluster?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const until = async (what: string, ok: () => Promise<boolean> | boolean, timeoutMs: number) => {
  for (const end = Date.now() + timeoutMs; !(await ok()); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
};
const received = (prefix: string) => smtp.messages.map((m) => String(m.headers.get('x-duban-key'))).filter((k) => k.startsWith(prefix));

test('two workers on two data folders and one PostgreSQL: simultaneous reminders merge into one digest, a burst of 200 is delivered exactly once', async () => {
  cluster = await startPrivateCluster();
  const url = await cluster.createDatabase('duban_hosts');
  await smtp.start();
  env = await devServerEnv();
  pool = new Pool({ connectionString: url });

  const shared = {
    TEMPORAL_ADDRESS: env.address,
    DUBAN_TASK_QUEUE: QUEUE,
    DUBAN_DATABASE_URL: url,
    SMTP_URL: smtp.url,
    DUBAN_DIGEST_WAIT_MS: '3000',
    DUBAN_SMS_PROVIDER: 'none',
    DUBAN_PAYLOAD_ENCRYPTION: 'off',
    DUBAN_PORTAL_URL: '',
  };
  workers.push(...dirs.map((dir) => launch('npm', ['run', 'worker'], { ...shared, DUBAN_DATA_DIR: dir })));
  await Promise.all(workers.map((w) => waitForOutput(w, `任务队列 ${QUEUE}`, 180_000)));
  for (const w of workers) expect(w.output()).toContain('[worker] 存储：PostgreSQL postgres@127.0.0.1');
  expect((await pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows).toEqual(
    MIGRATIONS.map((m) => ({ version: m.version })),
  );

  // Twelve obligations whose reminders reach one person at one instant: one digest, though both workers ran some.
  const members = await startNoticeBurst(env.client, QUEUE, DIGEST, 'pgdigest', () => SHARED);
  await until('the digest', () => smtp.inbox(SHARED).length > 0, 120_000);
  const logged = async (keys: string[]) =>
    (
      await pool!.query<{ key: string; via: string | null }>(
        `SELECT key, via FROM deliveries WHERE channel = 'email' AND status = 'accepted' AND key = ANY($1)`,
        [keys],
      )
    ).rows;
  await until('every member in the delivery log', async () => (await logged(members)).length === DIGEST, 60_000);
  const inbox = smtp.inbox(SHARED);
  expect(inbox).toHaveLength(1);
  expect(inbox[0].subject).toMatch(new RegExp(`^【提醒】.+：${DIGEST}项报送事项`));
  const digestKey = String(inbox[0].headers.get('x-duban-key'));
  expect((await logged(members)).map((r) => r.via)).toEqual(Array(DIGEST).fill(digestKey));
  const tookDigest = workers.map((w) => members.filter((k) => w.output().includes(k)).length); // each logs the notices it ran
  console.log(`digest members taken by the workers: ${tookDigest.join(' + ')}`);
  expect(tookDigest.every((n) => n > 0)).toBe(true);

  // The burst: every notice once, on the server and in the shared log.
  const started = Date.now();
  const keys = await startNoticeBurst(env.client, QUEUE, BURST, 'pgburst');
  const inLog = async () =>
    (
      await pool!.query<{ key: string }>(
        `SELECT key FROM deliveries WHERE channel = 'email' AND status = 'accepted' AND key LIKE 'pgburst-%'`,
      )
    ).rows.map((r) => r.key);
  await until('every notice of the burst in the delivery log', async () => (await inLog()).length >= BURST, 240_000);
  console.log(`${BURST} notices delivered by two workers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Stop both (nothing can still be sending), then compare.
  for (const w of workers) process.kill(w.child.pid!, 'SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  expect((await inLog()).sort()).toEqual([...keys].sort());
  expect(received('pgburst-').sort()).toEqual([...keys].sort()); // each once: no copy, none missing
  const tookBurst = workers.map((w) => keys.filter((k) => w.output().includes(k)).length);
  console.log(`burst notices taken by the workers: ${tookBurst.join(' + ')}`);
  expect(tookBurst.every((n) => n > 0)).toBe(true); // both hosts did part of the work
  for (const w of workers) expect(w.output()).not.toContain('启动失败');
}, 600_000);
