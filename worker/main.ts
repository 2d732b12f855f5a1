// The worker process: connects with the TEMPORAL_* environment and runs until SIGINT/SIGTERM. Started by
// `npm start` (which restarts it if it dies) or on its own by `npm run worker`, as many side by side as needed.
import { NativeConnection } from '@temporalio/worker';
import { temporalTarget } from '../config/temporal';
import { restrictUmask } from '../config/paths';
import { payloadCodecFromEnv } from '../config/payload-keys';
import { exitWithParent, tellParentReady } from './supervision/parent-watch';
import { createDubanWorker } from './create-worker';
import { installMetrics } from './metrics';
import { UnreachableServerLogger } from './unreachable-logger';
import { startObligationGauges } from './obligation-gauges';
import { Client } from '@temporalio/client';
import { defaultActivityDeps } from './activity-deps';
import { openStores } from '../store/from-env';

async function main(): Promise<void> {
  restrictUmask(); // the delivery log, SMS log and reports it writes are this user's only
  const payloadCodec = payloadCodecFromEnv(); // refuses to start without the key
  const target = temporalTarget();
  // Before the connection: the runtime carries the exporter and the log (an unreachable server said in Chinese).
  const logger = new UnreachableServerLogger(target.address);
  const metricsUrl = installMetrics(logger);
  let stop: () => unknown = () => process.exit(1);
  exitWithParent('worker', () => stop());
  // The store first: an unreachable database stops the worker with one clear line, before it takes any task.
  const stores = await openStores();
  console.log(`[worker] 存储：${stores.where}`);
  const connection = await NativeConnection.connect(target);
  try {
    const worker = await createDubanWorker({
      connection,
      namespace: target.namespace,
      payloadCodec,
      deps: await defaultActivityDeps(process.env, stores),
    });
    stop = () => worker.shutdown();
    console.log(
      `[worker] 已连接 ${target.address}（命名空间 ${target.namespace}），任务队列 ${worker.options.taskQueue}，进程 ${process.pid}`,
    );
    if (metricsUrl) {
      const client = new Client({ connection, namespace: target.namespace });
      startObligationGauges(() => client);
      console.log(`[worker] 指标（Prometheus）：${metricsUrl}`);
    }
    tellParentReady();
    const watch = setInterval(() => {
      // While the server is lost, a light call tells when it answers again.
      if (logger.lost)
        void connection.workflowService.getSystemInfo({}).then(
          () => logger.back(),
          () => undefined,
        );
    }, 5_000);
    try {
      await worker.run(); // the SDK stops it gracefully on SIGINT / SIGTERM
    } finally {
      clearInterval(watch);
    }
  } finally {
    await connection.close();
    await stores.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[worker] 启动失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
