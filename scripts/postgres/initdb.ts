// How duban's own PostgreSQL clusters are made, for the tests' private clusters and `npm run cluster` alike:
// owned by `postgres` when we run as root (PostgreSQL refuses to run as root), password auth, UTF-8.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Hand the folder and the initial password file to the `postgres` OS user (only when we are root). */
export function giveToPostgresUser(paths: string[]): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  for (const p of paths) fs.chownSync(p, uid, gid);
}

/** `initdb`'s arguments; a throwaway cluster skips fsync (`durable: false`). */
export function initdbArgs(data: string, pwfile: string, durable: boolean): string[] {
  return [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--encoding=UTF8',
    '--locale=C',
    ...(durable ? [] : ['--no-sync']),
  ];
}
