// A private PostgreSQL 15 cluster for tests and local clusters: initdb into a temporary folder, its own free
// port on 127.0.0.1 and its unix socket in that folder, password authentication (scram) for the `postgres`
// superuser, stopped and removed by stop(). PostgreSQL refuses to run as root: as root, the folder is given
// to the `postgres` OS user and initdb, pg_ctl and postgres run as that user (runuser).
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { giveToPostgresUser, initdbArgs } from './initdb';

const execFileP = promisify(execFile);

/** Debian's PostgreSQL 15 (apt-get install postgresql); DUBAN_POSTGRES_BIN names another bin folder. */
export const POSTGRES_BIN = process.env.DUBAN_POSTGRES_BIN || '/usr/lib/postgresql/15/bin';

export interface PrivateCluster {
  port: number;
  /** The cluster's folder: data/, the unix socket, the server log. */
  dir: string;
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The server log so far (for a failing test's message). */
  log(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Keep fsync on (a cluster whose data matters); tests leave it off for speed. */
  durable?: boolean;
  /** Where the cluster's folder is made (default the system's temporary folder). */
  parent?: string;
}

export async function startPrivateCluster(o: ClusterOptions = {}): Promise<PrivateCluster> {
  const initdb = path.join(POSTGRES_BIN, 'initdb');
  if (!fs.existsSync(initdb))
    throw new Error(
      `未找到 PostgreSQL 15（${initdb}）：请安装 postgresql（apt-get install postgresql），或用 DUBAN_POSTGRES_BIN 指定其 bin 目录`,
    );
  const dir = fs.mkdtempSync(path.join(o.parent ?? os.tmpdir(), 'duban-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const password = crypto.randomBytes(18).toString('base64url');
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    giveToPostgresUser([dir, pwfile]);
  }
  // Run from the cluster's folder: the postgres user may not be allowed into the caller's working directory.
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileP('runuser', ['-u', 'postgres', '--', path.join(POSTGRES_BIN, cmd), ...args], { cwd: dir })
      : execFileP(path.join(POSTGRES_BIN, cmd), args, { cwd: dir });

  await run('initdb', initdbArgs(data, pwfile, o.durable === true));
  fs.rmSync(pwfile);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    `-c listen_addresses=127.0.0.1`,
    ...(o.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const pgctl = (args: string[]) => run('pg_ctl', ['-D', data, ...args]);
  try {
    await pgctl(['-l', logFile, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  } catch (err) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL 未能启动：${(err as Error).message}\n${log}`);
  }
  let stopped = false;
  // A test run that dies still stops its server (immediate: nothing in it is worth keeping).
  const onExit = () => {
    if (stopped) return;
    try {
      execFileSync(
        asRoot ? 'runuser' : path.join(POSTGRES_BIN, 'pg_ctl'),
        [...(asRoot ? ['-u', 'postgres', '--', path.join(POSTGRES_BIN, 'pg_ctl')] : []), '-D', data, '-m', 'immediate', '-w', 'stop'],
        { stdio: 'ignore', cwd: dir },
      );
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);

  const url = (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      const client = new Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      await pgctl(['-m', 'fast', '-w', 'stop']).catch(() => pgctl(['-m', 'immediate', '-w', 'stop']).catch(() => undefined));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nobody listens on now (the server binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
