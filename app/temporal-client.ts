// A Temporal client from the TEMPORAL_* environment, for the CLI, the portal and the board, with the payload
// codec (DUBAN_PAYLOAD_KEY) in its data converter.
import { Client, Connection } from '@temporalio/client';
import { temporalTarget } from '../config/temporal';
import { dataConverterOf, payloadCodecFromEnv } from '../config/payload-keys';

/** `payloads: false` for commands that never read or write a workflow's data (setup). */
export async function connectClient(opts: { payloads?: boolean } = {}): Promise<Client> {
  const target = temporalTarget();
  const connection = await Connection.connect({ ...target, connectTimeout: 5_000 }).catch((err: Error) => {
    throw new Error(`无法连接 Temporal 服务 ${target.address}（${err.message}）。请先运行 npm start，或设置 TEMPORAL_ADDRESS`);
  });
  try {
    // After connecting: "the server is unreachable" is the first thing to fix when both are wrong.
    const codec = opts.payloads === false ? undefined : payloadCodecFromEnv();
    return new Client({ connection, namespace: target.namespace, dataConverter: dataConverterOf(codec) });
  } catch (err) {
    await connection.close();
    throw err;
  }
}
