// Builds a duban worker on a given connection. Used by the worker process, the start command and tests.
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities, ActivityDeps, defaultActivityDeps } from '../activities';
import { taskQueue } from '../config/temporal';

export interface DubanWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  deps?: ActivityDeps;
  /** Pre-built workflow bundle (tests build it once); otherwise the workflows folder is bundled. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export function createDubanWorker(opts: DubanWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? taskQueue(),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(opts.deps ?? defaultActivityDeps()),
    // An obligation workflow is small and mostly asleep: a large sticky cache costs little memory.
    maxCachedWorkflows: Number(process.env.DUBAN_MAX_CACHED_WORKFLOWS) || 2000,
    // Give in-flight activities (a mail being sent) time to finish on shutdown.
    shutdownGraceTime: '10 seconds',
  });
}
