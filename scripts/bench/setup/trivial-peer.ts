// The start-rate peer both start-rate.ts and province.ts measure against: for each plan, trivial workflows in duban's
// own pattern (a head, its rounds, then its obligations, each a rolling window of 50 in flight), hosted by a worker
// of the benchmark's process that runs only workflows/trivial.ts.
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { planRunSpec } from '../../../domain/obligation/spec';
import type { LoadedPlan } from '../../../domain/plan/load';
import { inStartWindow } from './start-window';

/** Starts the stand-ins of `plans`' workflows, every plan at once; the obligations' are counted under DubanPlan = tag. */
export async function startPeerPlans(client: Client, plans: LoadedPlan[], taskQueue: string, tag: string): Promise<void> {
  const start = (id: string, plan: string, o: { task: number; unit: string; due: string }) =>
    client.workflow.start('trivialSleeper', {
      args: [{ plan, task: o.task, unit: o.unit, due: o.due }],
      taskQueue,
      workflowId: `${tag}-${id}`,
    });
  await Promise.all(
    plans.map(async (loaded) => {
      const spec = planRunSpec(loaded);
      const first = spec.rounds[0].obligations[0];
      // The plan's and rounds' stand-ins are counted apart from the obligations' (as duban's count leaves them out).
      await start(spec.plan, `${tag}-heads`, first);
      await inStartWindow(spec.rounds, (r) => start(r.round, `${tag}-heads`, r.obligations[0] ?? first));
      await inStartWindow(
        spec.rounds.flatMap((r) => r.obligations),
        (o) => start(o.id, tag, o),
      );
    }),
  );
}

/** A worker for the trivial workflows on `taskQueue` (with the client's converter when its payloads are encrypted). */
export async function trivialWorker(connection: NativeConnection, taskQueue: string, dataConverter?: DataConverter): Promise<Worker> {
  return Worker.create({
    connection,
    taskQueue,
    dataConverter,
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows/trivial'),
      logger: new DefaultLogger('WARN'),
    }),
  });
}

/** Waits until the visibility store counts `total` workflows for `query`; the rate since `t0`. */
export async function rateUntilCounted(client: Client, query: string, total: number, t0: number): Promise<number> {
  while ((await client.workflow.count(query)).count < total) await new Promise((r) => setTimeout(r, 200));
  return total / ((Date.now() - t0) / 1000);
}
