// Benchmark (run by hand; figures go to BENCHMARKS.md): how fast obligations reach their first timer, against
// the same server's rate for trivial workflows that set the same search attributes and sleep (50 started at a
// time), both measured in one run on one server until the visibility store counts every one of them.
//   node --import tsx scripts/bench/start-rate.ts                       # a fresh dev server (SQLite)
//   TEMPORAL_ADDRESS=127.0.0.1:7233 node --import tsx scripts/bench/start-rate.ts   # e.g. npm run cluster's
//   BENCH_PLANS=5 (plan years started together, 422 obligations each)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createDubanWorker } from '../../worker/create-worker';
import { logNoticeSink } from '../../activities/notices';
import { LocalReportStore } from '../../store/local/report-store';
import { startPlanRun } from '../../client/plan-runs';
import { loadPlan } from '../../domain/plan/load';
import { benchServer } from './setup/server';
import { runToExit } from '../run-to-exit';

const PLANS = Number(process.env.BENCH_PLANS) || 5;
const BATCH = 50;
const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(__dirname, '../..', f), 'utf8') });

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-rate-'));
  const { address, server, client, close } = await benchServer(tmp, { port: 27433, uiPort: 28433 });
  const native = await NativeConnection.connect({ address });
  const run = `${Date.now().toString(36)}`;
  try {
    // Trivial peers on their own task queue and bundle.
    const peerWorker = await Worker.create({
      connection: native,
      taskQueue: `bench-peer-${run}`,
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: require.resolve('./workflows/trivial'),
        logger: new DefaultLogger('WARN'),
      }),
    });
    const dubanWorker = await createDubanWorker({
      connection: native,
      namespace: 'default',
      taskQueue: `bench-duban-${run}`,
      deps: { notices: logNoticeSink, reports: new LocalReportStore(path.join(tmp, 'reports')) },
    });
    const plans = Array.from({ length: PLANS }, (_, i) =>
      loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'), { year: 2090 + i }),
    );
    const total = plans.reduce((n, p) => n + p.obligations.length, 0);
    const countOf = async (query: string) => (await client.workflow.count(query)).count;
    const untilCounted = async (query: string) => {
      while ((await countOf(query)) < total) await new Promise((r) => setTimeout(r, 200));
    };

    const peerRate = await peerWorker.runUntil(async () => {
      const t0 = Date.now();
      const all = plans.flatMap((p) =>
        p.obligations.map((o) => ({ id: `peer-${run}-${o.id}`, args: { plan: `peer-${run}`, task: o.task, unit: o.unit, due: o.due } })),
      );
      for (let i = 0; i < all.length; i += BATCH) {
        await Promise.all(
          all
            .slice(i, i + BATCH)
            .map((w) => client.workflow.start('trivialSleeper', { args: [w.args], taskQueue: `bench-peer-${run}`, workflowId: w.id })),
        );
      }
      await untilCounted(`DubanKind = 'bench' AND DubanPlan = 'peer-${run}'`);
      return total / ((Date.now() - t0) / 1000);
    });

    const dubanRate = await dubanWorker.runUntil(async () => {
      const t0 = Date.now();
      await Promise.all(plans.map((p) => startPlanRun(client, p, { taskQueue: `bench-duban-${run}` })));
      await untilCounted(`DubanKind = 'obligation' AND DubanPlan IN (${plans.map((p) => `'${p.plan.id}'`).join(', ')})`);
      return total / ((Date.now() - t0) / 1000);
    });

    console.log(`server: ${server ? 'dev server (SQLite), fresh' : address}; ${PLANS} plan years, ${total} obligations`);
    console.log(`trivial workflows (set the same search attributes, sleep), ${BATCH} at a time: ${peerRate.toFixed(1)}/s`);
    console.log(`duban obligations until each sleeps on its first timer:       ${dubanRate.toFixed(1)}/s`);
    console.log(`ratio: ${(dubanRate / peerRate).toFixed(2)}× the trivial rate`);
    const rss = process.memoryUsage().rss / 1048576;
    console.log(
      `this process (client + both workers) resident memory: ${rss.toFixed(0)} MiB with ${total} open obligations and ${total} sleepers`,
    );
  } finally {
    await native.close();
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
