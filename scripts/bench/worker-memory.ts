// Benchmark (run by hand; figures go to BENCHMARKS.md): the resident memory of one duban worker process (the real
// `npm run worker`, nothing else in it) holding issue 13's 10,000 open obligations, every one asleep on its timer.
//   node --import tsx scripts/bench/worker-memory.ts                # a fresh dev server (SQLite)
//   BENCH_PLANS=24 (plan years of 422 obligations, started together); DUBAN_MAX_CACHED_WORKFLOWS is the worker's
//   TEMPORAL_ADDRESS=127.0.0.1:7233 … to measure against another server (e.g. npm run cluster's)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlanRun } from '../../client/plan-runs';
import { loadPlan } from '../../domain/plan/load';
import { benchServer } from './setup/server';
import { runToExit } from '../run-to-exit';
import { workerProcessEnv } from '../../worker/process-env';

const PLANS = Number(process.env.BENCH_PLANS) || 24;
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
  const { address, server, client, close } = await benchServer(tmp, { port: 27533, uiPort: 28533 });
  const taskQueue = `bench-memory-${Date.now().toString(36)}`;
  const worker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker/main.ts')], {
    env: {
      ...workerProcessEnv(),
      TEMPORAL_ADDRESS: address,
      DUBAN_TASK_QUEUE: taskQueue,
      DUBAN_DATA_DIR: path.join(tmp, 'data'),
      DUBAN_PAYLOAD_ENCRYPTION: 'off',
      DUBAN_DATABASE_URL: '',
      SMTP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (b: Buffer) => b.toString().includes('已连接') && resolve());
      worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it connected`)));
    });
    const idle = memoryOf(worker.pid!);
    const plans = Array.from({ length: PLANS }, (_, i) =>
      loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'), { year: 2150 + i }),
    );
    const total = plans.reduce((n, p) => n + p.obligations.length, 0);
    const t0 = Date.now();
    await Promise.all(plans.map((p) => startPlanRun(client, p, { taskQueue })));
    const query = `DubanKind = 'obligation' AND DubanPlan IN (${plans.map((p) => `'${p.plan.id}'`).join(', ')})`;
    while ((await client.workflow.count(query)).count < total) await new Promise((r) => setTimeout(r, 1000));
    const startedS = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 10_000)); // the last tasks done, the heap settled
    const held = memoryOf(worker.pid!);
    console.log(`server: ${server ? 'dev server (SQLite), fresh' : address}; ${PLANS} plan years, ${total} obligations`);
    console.log(`sticky cache: DUBAN_MAX_CACHED_WORKFLOWS=${process.env.DUBAN_MAX_CACHED_WORKFLOWS || '(default)'}`);
    console.log(`all started and asleep in ${startedS.toFixed(1)} s (${(total / startedS).toFixed(1)}/s)`);
    console.log(
      `worker process resident memory: ${idle.rss.toFixed(0)} MiB idle; ${held.rss.toFixed(0)} MiB holding them, peak ${held.peak.toFixed(0)} MiB`,
    );
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
