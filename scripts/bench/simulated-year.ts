// Benchmark (run by hand, figures go to BENCHMARKS.md): the whole Jiangmen 2024 year with the sample cast.
// 1. `duban simulate` end to end as a user runs it, under its lean workflow sandbox and under the SDK's standard
//    one (DUBAN_SIMULATION_SANDBOX=standard), taking turns, BENCH_RUNS times each (default 2): seconds from the
//    command's start to its exit, the median of each and their ratio, and whether the two print the same notices.
// 2. The year once more in this process, for the history sizes of its workflows.
//   node --import tsx scripts/bench/simulated-year.ts
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { PROJECT_ROOT } from '../../config/paths';
import { loadPlan } from '../../domain/plan/load';
import { readCast } from '../../simulation/cast';
import { simulate } from '../../simulation/run';
import { timeSkippingEnv } from '../../simulation/environment';
import { runToExit } from '../run-to-exit';

const PLAN = 'plans/jiangmen-2024.yaml';
const CAST = 'plans/casts/jiangmen-2024-sample.yaml';

/** One `duban simulate --json` run: seconds to exit and what it printed (the notices, without timings). */
function cliRun(sandbox: 'lean' | 'standard'): { seconds: number; notices: string } {
  const env = { ...process.env, DUBAN_SIMULATION_SANDBOX: sandbox === 'standard' ? 'standard' : '' };
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'duban.js'), 'simulate', PLAN, '--cast', CAST, '--json'], {
    cwd: PROJECT_ROOT,
    env,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`duban simulate (${sandbox}) failed:\n${r.stderr}`);
  return { seconds: (Date.now() - t0) / 1000, notices: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 2);
  const seconds = { lean: [] as number[], standard: [] as number[] };
  const printed = new Set<string>();
  for (let i = 0; i < runs; i++) {
    for (const sandbox of ['lean', 'standard'] as const) {
      const r = cliRun(sandbox);
      seconds[sandbox].push(r.seconds);
      printed.add(r.notices);
      console.log(`duban simulate, ${sandbox} sandbox, run ${i + 1}: ${r.seconds.toFixed(1)} s`);
    }
  }
  const lean = median(seconds.lean);
  const standard = median(seconds.standard);
  console.log(`median: lean ${lean.toFixed(1)} s, standard ${standard.toFixed(1)} s, ratio ${(lean / standard).toFixed(2)}`);
  console.log(`notices printed: ${printed.size === 1 ? 'the same in every run' : `${printed.size} different outputs`}`);

  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8') });
  const loaded = loadPlan(read(PLAN), read('plans/directory.yaml'));
  const cast = readCast(read(CAST).text, CAST);
  const env = await timeSkippingEnv();
  try {
    const r = await simulate(loaded, cast, { env });
    console.log(
      `in this process: ${(r.wallMs / 1000).toFixed(1)} s for ${loaded.obligations.length} obligations, ${r.notices.length} notices`,
    );
    const ids = [...new Set(r.ledger.map((s) => s.id))];
    const events: [string, number][] = [];
    for (const id of ids) events.push([id, (await env.client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0]);
    events.sort((a, b) => b[1] - a[1]);
    const mid = events[Math.floor(events.length / 2)][1];
    console.log(`events per obligation history: max ${events[0][1]} (${events[0][0]}), median ${mid}, min ${events.at(-1)![1]}`);
    for (const id of ['jiangmen-2024', 'jiangmen-2024.t14.may', 'jiangmen-2024.t1.annual']) {
      const h = await env.client.workflow
        .getHandle(id)
        .fetchHistory()
        .catch(() => undefined);
      const d = await env.client.workflow
        .getHandle(id)
        .describe()
        .catch(() => undefined);
      if (h) console.log(`${id}: ${h.events?.length} events in its last run (status ${d?.status.name})`);
    }
    console.log(`rss: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    await env.teardown();
  }
}

runToExit(main);
