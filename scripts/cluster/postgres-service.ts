// The local cluster's PostgreSQL 15 (Debian's packages): a database folder of its own, created on first start
// (initdb, password authentication for the `postgres` role, the password kept 0600 in that folder), run in the
// foreground as a child service of the start command so it stops with it. PostgreSQL refuses to run as root:
// as root, the folder belongs to the `postgres` OS user, and initdb and the server run as that user.
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ChildService, startChildService } from '../child-service';
import { giveToPostgresUser, initdbArgs } from '../postgres/initdb';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 (apt-get install postgresql); DUBAN_POSTGRES_BIN names another bin folder. */
export const POSTGRES_BIN = process.env.DUBAN_POSTGRES_BIN || '/usr/lib/postgresql/15/bin';

export interface LocalPostgres extends ChildService {
  host: string;
  port: number;
  user: string;
  password: string;
  url(database: string): string;
}

const asRoot = () => process.getuid?.() === 0;

/**
 * Where the cluster's database folder lives for a data folder: inside it, except as root, where the `postgres`
 * user cannot enter the data folder (0700, root's) nor, often, its parents: then in that user's home
 * (Debian: /var/lib/postgresql), named after the data folder.
 */
export function postgresDir(dataDir: string): string {
  if (!asRoot()) return path.join(dataDir, 'postgres');
  const home = execFileSync('getent', ['passwd', 'postgres']).toString().split(':')[5];
  return path.join(home, `duban-${crypto.createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`);
}

/** `cmd args` as the OS user that owns the database folder (itself, or `postgres` when we are root). */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return asRoot()
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', path.join(POSTGRES_BIN, cmd), ...args]]
    : [path.join(POSTGRES_BIN, cmd), args];
}

async function initialise(dir: string): Promise<void> {
  const data = path.join(dir, 'data');
  if (fs.existsSync(path.join(data, 'PG_VERSION'))) return;
  if (!fs.existsSync(path.join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(
      `未找到 PostgreSQL 15（${POSTGRES_BIN}）：请安装 postgresql（apt-get install postgresql），或用 DUBAN_POSTGRES_BIN 指定其 bin 目录`,
    );
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = crypto.randomBytes(24).toString('base64url');
  const pwfile = path.join(dir, 'initial-password');
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot()) {
    giveToPostgresUser([dir, pwfile]);
  }
  const [cmd, args] = asOwner('initdb', initdbArgs(data, pwfile, true));
  await run(cmd, args, { cwd: dir });
  fs.rmSync(pwfile);
  fs.writeFileSync(path.join(dir, 'password'), password, { mode: 0o600 });
}

export async function startLocalPostgres(o: { dir: string; port: number }): Promise<LocalPostgres> {
  await initialise(o.dir);
  const password = fs.readFileSync(path.join(o.dir, 'password'), 'utf8').trim();
  const [cmd, args] = asOwner('postgres', [
    '-D',
    path.join(o.dir, 'data'),
    '-p',
    String(o.port),
    '-k',
    o.dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    '-c',
    'logging_collector=on',
  ]); // its log in data/log/
  const ready = async () => {
    await run(path.join(POSTGRES_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(o.port)]);
    return true;
  };
  const service = await startChildService('PostgreSQL', cmd, args, ready, 60_000);
  const url = (database: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${o.port}/${database}`;
  return { ...service, host: '127.0.0.1', port: o.port, user: 'postgres', password, url };
}
