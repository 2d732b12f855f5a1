// Builds a duban worker on a given connection. Used by the worker process, the start command and tests.
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { BundleInputs, cachedBundle } from './bundle-cache';
import { createActivities, ActivityDeps } from '../activities';
import { defaultActivityDeps } from './activity-deps';
import { taskQueue } from '../config/temporal';
import { PROJECT_ROOT } from '../config/paths';
import { Client } from '@temporalio/client';
import type { EncryptionCodec } from '../config/payload-codec';
import { dataConverterOf } from '../config/payload-keys';
import { withoutTaskTokens } from './no-secrets-in-logs';
import { tellObligation } from './tell-obligation';

/** The last workflow bundle and webpack's own cache: a rebuild compiles only what changed (2.4 s down to 0.8 s). */
const BUNDLE_CACHE = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'workflow-bundle');

export interface DubanWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  deps?: ActivityDeps;
  /** Pre-built workflow bundle (tests build it once); otherwise the workflows folder is bundled. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Encrypts every payload (payloadCodecFromEnv() in the worker process). Without it payloads travel in
   * clear: only harnesses whose clients do the same (tests, the simulation) leave it out.
   */
  payloadCodec?: EncryptionCodec;
}

export async function createDubanWorker(opts: DubanWorkerOptions): Promise<Worker> {
  // Activities that read workflows (the plan's ledger) use a client on the worker's own connection.
  let client: Client | undefined;
  const dataConverter = dataConverterOf(opts.payloadCodec);
  const deps = opts.deps ?? (await defaultActivityDeps());
  const clientOf = () => (client ??= new Client({ connection: opts.connection, namespace: opts.namespace, dataConverter }));
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? taskQueue(),
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows()),
    // Activities and their client share the codec (it runs outside the workflow sandbox: the worker's
    // dataConverter is the only place it is needed for workflows).
    activities: createActivities({
      temporal: clientOf,
      ...deps,
    }),
    dataConverter,
    interceptors: { activity: [withoutTaskTokens] },
    // About 240 KB per cached workflow: 1,000 keep a worker holding 10,000 open obligations under 1 GiB. Evicted
    // obligations replay their (short) history when they wake; their notices are scheduled, so none waits on it.
    maxCachedWorkflows: Number(process.env.DUBAN_MAX_CACHED_WORKFLOWS) || 1000,
    // A notice's activity only queues it (the sender sends), so the SDK's 100 slots are enough for a 09:00 burst.
    maxConcurrentActivityTaskExecutions: Number(process.env.DUBAN_MAX_CONCURRENT_ACTIVITIES) || 100,
    // Give in-flight activities (a mail being sent) time to finish on shutdown.
    shutdownGraceTime: '10 seconds',
  });
  if (deps.sender) {
    // Queued notices go out while the worker runs (run() and runUntil() alike); the sender and the channels'
    // connections stop with it.
    const sender = deps.sender(tellObligation(clientOf));
    const run = worker.run.bind(worker);
    worker.run = async () => {
      sender.start();
      try {
        return await run();
      } finally {
        await sender.stop();
        deps.notices.close?.();
      }
    };
  }
  return worker;
}

/**
 * Bundles the workflows folder, keeping webpack's build report out of the operator's console. The last bundle is
 * used again while none of its inputs changed (worker/bundle-cache.ts); webpack's own cache speeds up a rebuild.
 */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const workflowsPath = require.resolve('../workflows');
  const key = JSON.stringify({ workflowsPath, SHARED_MODULES, sdk: require('@temporalio/worker/package.json').version });
  return cachedBundle(BUNDLE_CACHE, key, (track) =>
    bundleWorkflowCode({
      workflowsPath,
      logger: new DefaultLogger('WARN'),
      preloadModules: SHARED_MODULES,
      webpackConfigHook: (config) => ({
        ...config,
        cache: { type: 'filesystem', cacheDirectory: BUNDLE_CACHE },
        plugins: [...(config.plugins ?? []), inputsReportedTo(track)],
      }),
    }),
  );
}

/** A webpack plugin that reports what the build read and looked for. */
const inputsReportedTo = (track: (inputs: BundleInputs) => void) => ({
  apply(compiler: { hooks: { done: { tap(name: string, fn: (stats: { compilation: CompilationDeps }) => void): void } } }) {
    compiler.hooks.done.tap('duban-bundle-inputs', ({ compilation }) =>
      track({ files: [...compilation.fileDependencies], missing: [...compilation.missingDependencies] }),
    );
  },
});
type CompilationDeps = { fileDependencies: Iterable<string>; missingDependencies: Iterable<string> };

/**
 * Modules loaded once and shared (frozen) by every cached workflow, where each would otherwise hold its own copy:
 * luxon, the holiday calendar (its data parsed into sets) and the pure domain rules, with what they import. Each
 * obligation in the sticky cache then holds about 240 KB instead of 520 KB. None of them keeps state between calls
 * (beyond caches of pure results: working days, ladders) or imports the SDK (whose modules hold each workflow's own
 * state).
 */
const SHARED_MODULES = [
  // Packages by name, so webpack picks the same build as the workflows' imports do.
  'luxon',
  'chinese-days/dist/chinese-days.json',
  ...[
    '../domain/calendar/working-days',
    '../domain/obligation/lifecycle',
    '../domain/obligation/notice',
    '../domain/obligation/snapshot',
    '../domain/obligation/compilation',
    '../domain/obligation/rounds',
    '../domain/obligation/summaries',
    '../domain/obligation/annual',
  ].map((m) => require.resolve(m)),
];
