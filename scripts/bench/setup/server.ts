// The server a benchmark measures against: the one TEMPORAL_ADDRESS names (e.g. `npm run cluster`'s), or a fresh
// dev server (SQLite) in the benchmark's temporary folder; connected, with duban's search attributes registered.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { registerSearchAttributes } from '../../../client/search-attributes';
import { temporalCliPath } from '../../../config/binaries';
import { DevServer, startDevServer } from '../../dev-server';

export interface BenchServer {
  address: string;
  /** The fresh dev server, when no address was given. */
  server?: DevServer;
  connection: Connection;
  client: Client;
  /** Closes the connection and stops the dev server it started. */
  close(): Promise<void>;
}

/** `dataConverter`: the client's (a payload codec, as the worker measured uses). */
export async function benchServer(
  tmp: string,
  ports: { port: number; uiPort: number },
  dataConverter?: DataConverter,
): Promise<BenchServer> {
  const given = process.env.TEMPORAL_ADDRESS;
  const server = given
    ? undefined
    : await startDevServer({ cliPath: temporalCliPath()!, ...ports, dbFile: path.join(tmp, 'temporal.db'), namespace: 'default' });
  const address = given ?? server!.address;
  const connection = await Connection.connect({ address });
  await registerSearchAttributes(connection, 'default');
  return {
    address,
    server,
    connection,
    client: new Client({ connection, dataConverter }),
    async close() {
      await connection.close();
      await server?.stop();
    },
  };
}
