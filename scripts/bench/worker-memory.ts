// Benchmark (run by hand; figures go to BENCHMARKS.md): the resident memory of one duban worker process (the real
// `npm run worker`, nothing else in it) as it runs in production: mail on (to the benchmark's SMTP server), SMS on (to
// a local gateway), payloads encrypted. It holds BENCH_PLANS plan years asleep (default 24: about 10,500 open
// obligations), and then goes through a 09:00 burst (burst/cast.ts, BENCH_NOTICES notices, default 2,000, to
// BENCH_ADDRESSEES people, default 400) whose obligations were started first, so that the plan years' starts have
// evicted them from the worker's cache: the burst replays them. Printed: idle, holding, the highest sampled during
// the burst, and the process's peak.
//   node --import tsx scripts/bench/worker-memory.ts                # a fresh dev server (SQLite, its default mode)
//   BENCH_LEAD_S: seconds from the start to the burst (default: enough for the plan years on the dev server)
//   DUBAN_MAX_CACHED_WORKFLOWS is the worker's; TEMPORAL_ADDRESS=127.0.0.1:7233 … measures against another server
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlanRun } from '../../client/plan-runs';
import { loadPlan } from '../../domain/plan/load';
import { packRound } from '../../domain/obligation/packed-round';
import { dataConverterOf, generatePayloadKey, payloadCodecFromEnv } from '../../config/payload-keys';
import { TestSmtp } from '../../test/helpers/smtp';
import { benchServer } from './setup/server';
import { inStartWindow } from './setup/start-window';
import { noticeBurst } from './burst/cast';
import { untilReceived } from './burst/inbox';
import { startSmsGateway } from './burst/sms-server';
import { runToExit } from '../run-to-exit';
import { workerProcessEnv } from '../../worker/process-env';

const PLANS = Number(process.env.BENCH_PLANS) || 24;
const NOTICES = Number(process.env.BENCH_NOTICES) || 2_000;
const ADDRESSEES = Number(process.env.BENCH_ADDRESSEES) || 400;
/** About 439 obligations per plan year at 20 a second, and the burst's own starts, with room to spare. */
const LEAD_S = Number(process.env.BENCH_LEAD_S) || Math.ceil((PLANS * 439 + NOTICES) / 20) + 120;
const ROOT = path.join(__dirname, '../..');
const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') });

/** Resident and peak resident memory of a process, in MiB (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-memory-'));
  const key = generatePayloadKey();
  const { address, server, client, close } = await benchServer(
    tmp,
    { port: 27533, uiPort: 28533 },
    dataConverterOf(payloadCodecFromEnv({ ...key })),
  );
  const smtp = new TestSmtp();
  await smtp.start();
  const sms = await startSmsGateway();
  const taskQueue = `bench-memory-${Date.now().toString(36)}`;
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')], {
    env: {
      ...workerProcessEnv(),
      ...key,
      TEMPORAL_ADDRESS: address,
      DUBAN_TASK_QUEUE: taskQueue,
      DUBAN_DATA_DIR: path.join(tmp, 'data'),
      DUBAN_PAYLOAD_ENCRYPTION: '',
      DUBAN_DATABASE_URL: '',
      SMTP_URL: smtp.url,
      DUBAN_SMS_PROVIDER: 'webhook',
      DUBAN_SMS_WEBHOOK_URL: sms.url,
      DUBAN_SMS_WEBHOOK_SECRET: sms.secret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (b: Buffer) => b.toString().includes('已连接') && resolve());
      worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it connected`)));
    });
    const idle = memoryOf(worker.pid!);
    const at = Date.now() + LEAD_S * 1000;
    const run = `m${Date.now().toString(36)}`;
    const burst = noticeBurst(NOTICES, ADDRESSEES, at, run);
    const t0 = Date.now();
    // The burst's obligations first: the plan years started after them push them out of the worker's cache.
    await inStartWindow(burst.rounds, (r) =>
      client.workflow.start('roundWorkflow', { args: [packRound(r)], taskQueue, workflowId: r.round }),
    );
    await inStartWindow(burst.specs, (s) => client.workflow.start('obligationWorkflowV2', { args: [s], taskQueue, workflowId: s.id }));
    const plans = Array.from({ length: PLANS }, (_, i) =>
      loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'), { year: 2150 + i }),
    );
    const total = plans.reduce((n, p) => n + p.obligations.length, 0) + burst.specs.length;
    await Promise.all(plans.map((p) => startPlanRun(client, p, { taskQueue })));
    const query = `DubanKind = 'obligation' AND DubanPlan IN (${[...plans.map((p) => p.plan.id), run].map((id) => `'${id}'`).join(', ')})`;
    while ((await client.workflow.count(query)).count < total) await new Promise((r) => setTimeout(r, 1000));
    const startedS = (Date.now() - t0) / 1000;
    if (Date.now() > at - 15_000) throw new Error('the obligations were not all asleep well before the burst: raise BENCH_LEAD_S');
    await new Promise((r) => setTimeout(r, 10_000)); // the last tasks done, the heap settled
    const held = memoryOf(worker.pid!);
    // Sampled through the burst, until every notice is in the inbox and a few seconds after.
    let highest = held.rss;
    const sampler = setInterval(() => (highest = Math.max(highest, memoryOf(worker.pid!).rss)), 250);
    let burstS: number;
    try {
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      const arrivals = await untilReceived(
        smtp,
        burst.keysOfMail,
        burst.notices.map((n) => n.key),
        at,
      );
      burstS = arrivals.lastMs / 1000;
      await new Promise((r) => setTimeout(r, 5_000));
    } finally {
      clearInterval(sampler);
    }
    const after = memoryOf(worker.pid!);
    console.log(`server: ${server ? 'dev server (SQLite, its default mode), fresh' : address}; mail, SMS and payload encryption on`);
    console.log(`${PLANS} plan years and a burst's ${burst.specs.length} obligations: ${total} open obligations`);
    console.log(`sticky cache: DUBAN_MAX_CACHED_WORKFLOWS=${process.env.DUBAN_MAX_CACHED_WORKFLOWS || '(default)'}`);
    console.log(`all started and asleep in ${startedS.toFixed(1)} s (${(total / startedS).toFixed(1)}/s)`);
    console.log(
      `burst: ${burst.notices.length} notices to ${burst.byAddressee.length} people, evicted obligations woken, ` +
        `every mail in ${burstS.toFixed(1)} s, ${sms.received.length} SMS`,
    );
    console.log(
      `worker process resident memory: ${idle.rss.toFixed(0)} MiB idle; ${held.rss.toFixed(0)} MiB holding them; ` +
        `highest during the burst ${highest.toFixed(0)} MiB, ${after.rss.toFixed(0)} MiB after it; peak ${after.peak.toFixed(0)} MiB`,
    );
  } finally {
    if (worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    await sms.stop();
    await smtp.stop();
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
