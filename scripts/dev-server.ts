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
 * The dev server's SQLite file in write-ahead-log mode, synced at checkpoints: a 09:00 burst of 1,000 notices
 * went out in 32 s instead of 120 s (BENCHMARKS.md). It survives a crash of any process; a power cut may lose
 * the last moments. DUBAN_SQLITE_PRAGMAS overrides ("journal_mode=wal,synchronous=full"; "none": the CLI's own).
 */
export const DEFAULT_SQLITE_PRAGMAS = 'journal_mode=wal,synchronous=normal';

function sqlitePragmas(): string[] {
  const given = process.env.DUBAN_SQLITE_PRAGMAS || DEFAULT_SQLITE_PRAGMAS;
  return given === 'none' ? [] : given.split(',').filter(Boolean);
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  mkdirPrivate(path.dirname(o.dbFile));
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(o.port), '--ui-port', String(o.uiPort)];
  args.push('--db-filename', o.dbFile, '--namespace', o.namespace, '--log-level', 'error');
  for (const p of sqlitePragmas()) args.push('--sqlite-pragma', p);
  if (o.codecEndpoint) args.push('--ui-codec-endpoint', o.codecEndpoint);
  for (const key of ALL_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${cliTypeName(key.type)}`);
  const address = `127.0.0.1:${o.port}`;
  const service = await startChildService('Temporal 开发服务器', o.cliPath, args, async () => {
    const c = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await c.workflowService.getSystemInfo({});
      return true;
    } finally {
      await c.close();
    }
  });
  return { ...service, address, uiUrl: `http://localhost:${o.uiPort}` };
}
