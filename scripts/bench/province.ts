// Benchmark (run by hand; figures go to BENCHMARKS.md): province scale on a real cluster. BENCH_PLANS plan years
// (default 120, about 50,000 obligations) of the shipped plan are started one after another on their own task queue,
// served by BENCH_WORKERS worker processes (default 2, started as `npm run worker` runs, payloads encrypted; 0: one
// worker in this process), their resident memory sampled throughout; once the visibility store counts every
// obligation, the board's reads are timed for each plan as the board does them: the running plans, the plan's
// ledger (every round asked), the board's model. Then the peer: BENCH_PEER_PLANS plan years (default 5) of trivial
// workflows started the same way, one plan after another, on the same cluster; the ratio is of the two rates.
// With BENCH_CLUSTER_LOGS (the cluster's log folder), it also prints the errors the services logged meanwhile.
//   TEMPORAL_ADDRESS=127.0.0.1:7233 BENCH_CLUSTER_LOGS=<data folder>/temporal-cluster/logs \
//     node --import tsx scripts/bench/province.ts                                   # npm run cluster's frontend
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createDubanWorker } from '../../worker/create-worker';
import { logNoticeSink } from '../../activities/notices';
import { LocalReportStore } from '../../store/local/report-store';
import { planLedgerOf, runningPlans, startPlanRun } from '../../client/plan-runs';
import { registerSearchAttributes } from '../../client/search-attributes';
import { loadPlan } from '../../domain/plan/load';
import { boardModel } from '../../domain/obligation/board';
import { runToExit } from '../run-to-exit';
import { errorsSince, markClusterLogs } from './setup/cluster-logs';
import { startWorkerProcesses } from './setup/worker-processes';
import { rateUntilCounted, startPeerPlans, trivialWorker } from './setup/trivial-peer';
import { dataConverterOf, generatePayloadKey, payloadCodecFromEnv } from '../../config/payload-keys';

const PLANS = Number(process.env.BENCH_PLANS) || 120;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const PEER_PLANS = Number(process.env.BENCH_PEER_PLANS) || 5;
/** Plan years far from any real one, so that every step lies in the future. */
const FIRST_YEAR = Number(process.env.BENCH_FIRST_YEAR) || 2120;
const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(__dirname, '../..', f), 'utf8') });
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = Date.now();
  return [await fn(), Date.now() - t0];
};

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    console.log('skipped: set TEMPORAL_ADDRESS to the cluster to measure (npm run cluster prints it)');
    return;
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const logs = markClusterLogs(process.env.BENCH_CLUSTER_LOGS);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-province-'));
  // The environment's key when it names one (a rerun on a cluster that keeps an earlier run's plans), else a fresh one.
  const key = process.env.DUBAN_PAYLOAD_KEY ? { DUBAN_PAYLOAD_KEY: process.env.DUBAN_PAYLOAD_KEY } : generatePayloadKey();
  const codec = payloadCodecFromEnv({ ...key });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, dataConverter: dataConverterOf(codec) });
  await registerSearchAttributes(connection, 'default');
  const native = await NativeConnection.connect({ address });
  const run = Date.now().toString(36);
  const taskQueue = `bench-province-${run}`;
  const workers = WORKERS > 0 ? await startWorkerProcesses(WORKERS, { address, taskQueue, dataDir: tmp, env: { ...key } }) : undefined;
  const inProcess = workers
    ? undefined
    : await createDubanWorker({
        connection: native,
        namespace: 'default',
        taskQueue,
        payloadCodec: codec,
        deps: { notices: logNoticeSink, reports: new LocalReportStore(path.join(tmp, 'reports')) },
      });
  const serving = inProcess?.run();
  try {
    const plans = Array.from({ length: PLANS }, (_, i) =>
      loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'), { year: FIRST_YEAR + i }),
    );
    const ids = plans.map((p) => p.plan.id);
    const total = plans.reduce((n, p) => n + p.obligations.length, 0);
    const t0 = Date.now();
    // One plan after another, each 50 obligations at a time (as `duban start` does): 21 plans' 1,050 starts at once
    // kept calls waiting past their deadlines on two cores, and the history service logged the cancelled writes.
    for (const [i, p] of plans.entries()) {
      await startPlanRun(client, p, { taskQueue });
      if ((i + 1) % 10 === 0) console.log(`  ${i + 1} plan years started, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    // Counted plan by plan (a query naming 120 plans is long); all started once every plan counts all of its own.
    for (const [i, id] of ids.entries())
      while ((await client.workflow.count(`DubanKind = 'obligation' AND DubanPlan = '${id}'`)).count < plans[i].obligations.length)
        await new Promise((r) => setTimeout(r, 1000));
    const startMs = Date.now() - t0;
    const dubanRate = total / (startMs / 1000);
    console.log(`${PLANS} plan years, ${total} obligations started and asleep in ${s(startMs)} (${dubanRate.toFixed(1)}/s)`);
    for (const [i, m] of (workers?.memory() ?? []).entries())
      console.log(`worker ${i + 1} (pid ${m.pid}): resident ${m.nowMiB.toFixed(0)} MiB, peak ${m.peakMiB.toFixed(0)} MiB`);

    const [running, plansMs] = await timed(() => runningPlans(client));
    const missing = ids.filter((id) => !running.includes(id));
    console.log(`running plans listed in ${s(plansMs)}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
    const ledgerMs: number[] = [];
    const boardMs: number[] = [];
    for (const id of ids) {
      const [rows, ms] = await timed(() => planLedgerOf(client, id));
      const t1 = Date.now();
      const model = boardModel(rows, Date.now());
      boardMs.push(ms + Date.now() - t1 + plansMs);
      ledgerMs.push(ms);
      if (rows.length !== plans[0].obligations.length || !model) throw new Error(`${id}: ${rows.length} ledger rows`);
    }
    const sorted = (xs: number[]) => xs.slice().sort((a, b) => a - b);
    const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
    console.log(`ledger of one plan (every round asked): median ${s(median(ledgerMs))}, max ${s(Math.max(...ledgerMs))}`);
    console.log(`the board's reads (plans, ledger, model): median ${s(median(boardMs))}, max ${s(Math.max(...boardMs))}`);
    for (const [i, m] of (workers?.memory() ?? []).entries())
      console.log(`worker ${i + 1} after the reads: resident ${m.nowMiB.toFixed(0)} MiB, peak ${m.peakMiB.toFixed(0)} MiB`);

    // The peer, on the same cluster with the duban workers still up: trivial workflows, one plan after another.
    const peerQueue = `bench-province-peer-${run}`;
    const peerWorker = await trivialWorker(native, peerQueue, dataConverterOf(codec));
    const peerPlans = plans.slice(0, PEER_PLANS);
    const peerTotal = peerPlans.reduce((n, p) => n + p.obligations.length, 0);
    const tag = `province-peer-${run}`;
    const peerRate = await peerWorker.runUntil(async () => {
      const t2 = Date.now();
      for (const [i, p] of peerPlans.entries()) await startPeerPlans(client, [p], peerQueue, `${tag}-${i}`);
      const counted = peerPlans.map((_, i) => `'${tag}-${i}'`).join(', ');
      return rateUntilCounted(client, `DubanKind = 'bench' AND DubanPlan IN (${counted})`, peerTotal, t2);
    });
    console.log(`trivial workflows, ${PEER_PLANS} plan years (${peerTotal}) one after another: ${peerRate.toFixed(1)}/s`);
    console.log(`start rate: duban/trivial ${(dubanRate / peerRate).toFixed(2)}×`);
    console.log(
      `this process (client${inProcess ? ' + worker' : ''}) resident memory: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`,
    );
    if (logs) {
      const errors = errorsSince(logs);
      console.log(`errors in the cluster's logs during the run: ${errors.length === 0 ? 'none' : `\n  ${errors.join('\n  ')}`}`);
    }
  } finally {
    inProcess?.shutdown();
    await serving;
    await workers?.stop();
    await native.close();
    await connection.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
