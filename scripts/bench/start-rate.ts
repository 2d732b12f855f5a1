// Benchmark (run by hand; figures go to BENCHMARKS.md): how fast obligations reach their first timer, against the
// same server's rate for trivial workflows that set the same search attributes and sleep. The peer starts its
// workflows with duban's own pattern (setup/start-window.ts: per plan a head workflow, its rounds, then its
// obligations, each a rolling window of 50 in flight, every plan at once: 5 × 50 for 5 plans), and each run is timed
// until the visibility store counts every one of them. One run moves ±25 %, so the runs alternate (duban, peer,
// duban, peer, …) on one server with both workers up, and the figure is the median of BENCH_RUNS pairs.
//   node --import tsx scripts/bench/start-rate.ts                       # a fresh dev server (SQLite, its defaults)
//   TEMPORAL_ADDRESS=127.0.0.1:7233 node --import tsx scripts/bench/start-rate.ts   # e.g. npm run cluster's
//   BENCH_PLANS=5 (plan years started together, 422 obligations each); BENCH_RUNS=5 (pairs of runs)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection, DefaultLogger, Runtime } from '@temporalio/worker';
import { createDubanWorker } from '../../worker/create-worker';
import { logNoticeSink } from '../../activities/notices';
import { LocalReportStore } from '../../store/local/report-store';
import { startPlanRun } from '../../client/plan-runs';
import { loadPlan } from '../../domain/plan/load';
import { benchServer } from './setup/server';
import { PARALLEL_STARTS } from './setup/start-window';
import { rateUntilCounted, startPeerPlans, trivialWorker } from './setup/trivial-peer';
import { runToExit } from '../run-to-exit';

const PLANS = Number(process.env.BENCH_PLANS) || 5;
const RUNS = Number(process.env.BENCH_RUNS) || 5;
/** Plan years far from any real one, a fresh set per run. */
const FIRST_YEAR = 2090;
const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(__dirname, '../..', f), 'utf8') });
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-rate-'));
  const { address, server, client, close } = await benchServer(tmp, { port: 27433, uiPort: 28433 });
  const native = await NativeConnection.connect({ address });
  const run = `${Date.now().toString(36)}`;
  const peerQueue = `bench-peer-${run}`;
  const dubanQueue = `bench-duban-${run}`;
  try {
    const peerWorker = await trivialWorker(native, peerQueue);
    const dubanWorker = await createDubanWorker({
      connection: native,
      namespace: 'default',
      taskQueue: dubanQueue,
      deps: { notices: logNoticeSink, reports: new LocalReportStore(path.join(tmp, 'reports')) },
    });
    // Both workers poll throughout, so that neither run has the machine to itself.
    const working = [peerWorker.run(), dubanWorker.run()];
    const pairs: { duban: number; peer: number }[] = [];
    let total = 0;
    console.log(`server: ${server ? 'dev server (SQLite, its default mode), fresh' : address}; ${PLANS} plan years per run`);
    for (let i = 0; i < RUNS; i++) {
      const plans = Array.from({ length: PLANS }, (_, p) =>
        loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'), { year: FIRST_YEAR + i * PLANS + p }),
      );
      total = plans.reduce((n, p) => n + p.obligations.length, 0);
      let t0 = Date.now();
      await Promise.all(plans.map((p) => startPlanRun(client, p, { taskQueue: dubanQueue })));
      const ids = plans.map((p) => `'${p.plan.id}'`).join(', ');
      const duban = await rateUntilCounted(client, `DubanKind = 'obligation' AND DubanPlan IN (${ids})`, total, t0);
      const tag = `peer-${run}-${i}`;
      t0 = Date.now();
      await startPeerPlans(client, plans, peerQueue, tag);
      const peer = await rateUntilCounted(client, `DubanKind = 'bench' AND DubanPlan = '${tag}'`, total, t0);
      pairs.push({ duban, peer });
      console.log(
        `run ${i + 1}/${RUNS}: duban ${duban.toFixed(1)}/s, trivial ${peer.toFixed(1)}/s, ratio ${(duban / peer).toFixed(2)}× (${total} each)`,
      );
    }
    const dubanMedian = median(pairs.map((p) => p.duban));
    const peerMedian = median(pairs.map((p) => p.peer));
    console.log(
      `${RUNS} alternating pairs, ${total} obligations and ${total} trivial workflows each, ${PARALLEL_STARTS} in flight per plan`,
    );
    console.log(`duban obligations until each sleeps on its first timer: median ${dubanMedian.toFixed(1)}/s`);
    console.log(`trivial workflows (same search attributes, sleep):      median ${peerMedian.toFixed(1)}/s`);
    console.log(
      `ratio: median of the pairs' ratios ${median(pairs.map((p) => p.duban / p.peer)).toFixed(2)}× ` +
        `(ratio of the medians ${(dubanMedian / peerMedian).toFixed(2)}×; pairs from ` +
        `${Math.min(...pairs.map((p) => p.duban / p.peer)).toFixed(2)}× to ${Math.max(...pairs.map((p) => p.duban / p.peer)).toFixed(2)}×)`,
    );
    const rss = process.memoryUsage().rss / 1048576;
    console.log(`this process (client + both workers) resident memory: ${rss.toFixed(0)} MiB`);
    peerWorker.shutdown();
    dubanWorker.shutdown();
    await Promise.all(working);
  } finally {
    await native.close();
    await close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
