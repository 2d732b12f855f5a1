// Benchmark (run by hand, figures go to BENCHMARKS.md): the whole Jiangmen 2024 year with the sample cast on
// the time-skipping server. Prints wall time, notices, and history sizes of the workflows.
//   npx tsx scripts/bench-simulation.ts
import fs from 'node:fs';
import path from 'node:path';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { PROJECT_ROOT } from '../config/paths';
import { loadPlan } from '../domain/plan/load';
import { readCast } from '../app/simulation/cast';
import { simulate } from '../app/simulation/run';
import { timeSkippingEnv } from '../app/simulation/environment';
import { runToExit } from './run-to-exit';

async function main() {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
  });
  const read = (f: string) => ({ file: f, text: fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8') });
  const loaded = loadPlan(read('plans/jiangmen-2024.yaml'), read('plans/directory.yaml'));
  const castFile = 'plans/casts/jiangmen-2024-sample.yaml';
  const cast = readCast(read(castFile).text, castFile);
  const env = await timeSkippingEnv();
  try {
    const r = await simulate(loaded, cast, { env });
    console.log(`wall time: ${(r.wallMs / 1000).toFixed(1)} s for ${loaded.obligations.length} obligations, ${r.notices.length} notices`);
    const ids = [...new Set(r.ledger.map((s) => s.id))];
    const events: [string, number][] = [];
    for (const id of ids) events.push([id, (await env.client.workflow.getHandle(id).fetchHistory()).events?.length ?? 0]);
    events.sort((a, b) => b[1] - a[1]);
    const median = events[Math.floor(events.length / 2)][1];
    console.log(`events per obligation history: max ${events[0][1]} (${events[0][0]}), median ${median}, min ${events.at(-1)![1]}`);
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
