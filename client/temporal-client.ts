// A Temporal client from the TEMPORAL_* environment, for the CLI, the portal and the board, with the payload
// codec (DUBAN_PAYLOAD_KEY) in its data converter.
import { Client, Connection } from '@temporalio/client';
import { temporalTarget } from '../config/temporal';
import { dataConverterOf, payloadCodecFromEnv } from '../config/payload-keys';
import { GRPC_STATUS } from './grpc-status';

/** `payloads: false` for commands that never read or write a workflow's data (setup). */
export async function connectClient(opts: { payloads?: boolean } = {}): Promise<Client> {
  const target = temporalTarget();
  const connection = await Connection.connect({ ...target, connectTimeout: 5_000 }).catch((err: Error) => {
    throw new Error(`无法连接 Temporal 服务 ${target.address}（${err.message}）。请先运行 npm start，或设置 TEMPORAL_ADDRESS`);
  });
  await checkNamespace(connection, target.address, target.namespace);
  try {
    // After connecting: "the server is unreachable" is the first thing to fix when both are wrong.
    const codec = opts.payloads === false ? undefined : payloadCodecFromEnv();
    return new Client({ connection, namespace: target.namespace, dataConverter: dataConverterOf(codec) });
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/**
 * Asks the server for the namespace once, so that a server without it (a cluster whose database is down answers
 * so too) or one that stopped answering is said in Chinese, instead of `Namespace not found: 'default'` at the
 * first call. Other answers (an API key not allowed to describe its namespace) are left to that first call.
 */
async function checkNamespace(connection: Connection, address: string, namespace: string): Promise<void> {
  try {
    await connection.withDeadline(Date.now() + 10_000, () => connection.workflowService.describeNamespace({ namespace }));
  } catch (err) {
    const code = (err as { code?: number }).code;
    if (code !== GRPC_STATUS.notFound && code !== GRPC_STATUS.unavailable && code !== GRPC_STATUS.deadlineExceeded) return;
    await connection.close();
    if (code === GRPC_STATUS.notFound)
      throw new Error(
        `Temporal 服务 ${address} 暂不可用：读取不到命名空间 ${namespace}（服务的数据库未运行或正在恢复；若命名空间名称有误，请检查 TEMPORAL_NAMESPACE）`,
      );
    throw new Error(`Temporal 服务 ${address} 暂不可用（没有应答），请稍后再试；若它已停止，请先运行 npm start`);
  }
}

/** Runs `fn` with a client from the environment and closes it afterwards. */
export async function withClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connectClient();
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}
