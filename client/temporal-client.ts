// A Temporal client from the TEMPORAL_* environment, for the CLI, the portal and the board.
import { Client, Connection } from '@temporalio/client';
import { temporalTarget } from '../config/temporal';

export async function connectClient(): Promise<Client> {
  const target = temporalTarget();
  const connection = await Connection.connect({ ...target, connectTimeout: 5_000 }).catch((err: Error) => {
    throw new Error(`无法连接 Temporal 服务 ${target.address}（${err.message}）。请先运行 npm start，或设置 TEMPORAL_ADDRESS`);
  });
  return new Client({ connection, namespace: target.namespace });
}
