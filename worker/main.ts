// The worker process: connects with the TEMPORAL_* environment and runs until SIGINT/SIGTERM.
import { NativeConnection } from '@temporalio/worker';
import { temporalTarget } from '../config/temporal';
import { createDubanWorker } from './create-worker';

async function main(): Promise<void> {
  const target = temporalTarget();
  const connection = await NativeConnection.connect(target);
  try {
    const worker = await createDubanWorker({ connection, namespace: target.namespace });
    console.log(`[worker] 已连接 ${target.address}（命名空间 ${target.namespace}），任务队列 ${worker.options.taskQueue}`);
    await worker.run(); // the SDK stops it gracefully on SIGINT / SIGTERM
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(`[worker] 启动失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
