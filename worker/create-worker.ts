// Builds a duban worker on a given connection. Used by the worker process, the start command and tests.
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities, ActivityDeps, defaultActivityDeps } from '../activities';
import { taskQueue } from '../config/temporal';
import { withoutTaskTokens } from './no-secrets-in-logs';

export interface DubanWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  deps?: ActivityDeps;
  /** Pre-built workflow bundle (tests build it once); otherwise the workflows folder is bundled. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createDubanWorker(opts: DubanWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? taskQueue(),
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities(opts.deps ?? defaultActivityDeps()),
    interceptors: { activity: [withoutTaskTokens] },
    // An obligation workflow is small and mostly asleep: a large sticky cache costs little memory.
    maxCachedWorkflows: Number(process.env.DUBAN_MAX_CACHED_WORKFLOWS) || 2000,
    // Give in-flight activities (a mail being sent) time to finish on shutdown.
    shutdownGraceTime: '10 seconds',
  });
}

/** Bundles the workflows folder, keeping webpack's build report out of the operator's console. */
export function bundleWorkflows() {
  return bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
}
