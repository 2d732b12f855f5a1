// Runs the Temporal CLI's dev server (SQLite file + Web UI) as a child process of the start command.
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { ALL_SEARCH_ATTRIBUTES, cliTypeName } from '../domain/search-attributes';
import { mkdirPrivate } from '../config/paths';
import { ChildService, startChildService } from './child-service';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort: number;
  dbFile: string;
  namespace: string;
  /** The codec server the Web UI decodes payloads with (duban's portal, /codec). */
  codecEndpoint?: string;
}

export interface DevServer extends ChildService {
  address: string;
  uiUrl: string;
}

/**
 * The dev server's SQLite settings, from DUBAN_SQLITE_PRAGMAS ("journal_mode=wal,synchronous=normal": a 09:00
 * burst of 1,000 notices in 32 s instead of 120 s, BENCHMARKS.md). Unset: the CLI's own, because with WAL the
 * worker-crash test saw up to 13 notices re-sent after kills where it allows 3 (more sends in flight at a kill).
 */
function sqlitePragmas(): string[] {
  return (process.env.DUBAN_SQLITE_PRAGMAS ?? '').split(',').filter(Boolean);
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  mkdirPrivate(path.dirname(o.dbFile));
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--ui-port', String(o.uiPort)];
  args.push('--db-filename', o.dbFile, '--namespace', o.namespace, '--log-level', 'error');
  for (const p of sqlitePragmas()) args.push('--sqlite-pragma', p);
  if (o.codecEndpoint) args.push('--ui-codec-endpoint', o.codecEndpoint);
  for (const key of ALL_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${cliTypeName(key.type)}`);
  const address = `127.0.0.1:${o.port}`;
  const service = await startChildService('Temporal 开发服务器', o.cliPath, args, () => temporalAnswers(address));
  return { ...service, address, uiUrl: `http://localhost:${o.uiPort}` };
}

/** True once a Temporal frontend at this address answers; throws while it does not. */
export async function temporalAnswers(address: string): Promise<boolean> {
  const c = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await c.workflowService.getSystemInfo({});
    return true;
  } finally {
    await c.close();
  }
}
