// The worker's task-queue backlog through a run, sampled from the server (DescribeTaskQueue with its stats): how
// many workflow tasks wait for the worker. A submission's update to a duty the worker no longer holds waits there.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface BacklogSamples {
  stop(): Promise<string>;
}

/** Samples the workflow task backlog of `queue` every `everyMs` until stopped; stop() answers one line. */
export function sampleBacklog(client: Client, queue: string, everyMs = 5_000): BacklogSamples {
  const counts: number[] = [];
  let failures = 0;
  let stopped = false;
  const sample = async () => {
    try {
      const res = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: queue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        reportStats: true,
      });
      counts.push(Number(res.stats?.approximateBacklogCount ?? 0));
    } catch {
      failures++;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await sample();
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      if (counts.length === 0) return `no sample of the backlog (${failures} failed)`;
      const sorted = [...counts].sort((a, b) => a - b);
      const over = (n: number) => counts.filter((c) => c > n).length;
      return (
        `${counts.length} samples every ${everyMs / 1000} s: median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}; ` +
        `over 100 in ${over(100)}, over 500 in ${over(500)}${failures ? `; ${failures} failed` : ''}`
      );
    },
  };
}
