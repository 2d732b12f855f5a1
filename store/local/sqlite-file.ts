// How the data folder's SQLite files are opened: the file created 0600 before SQLite opens it (its -wal and -shm
// files take the same mode), write-ahead logging so readers do not wait for writers, and a busy wait so the
// processes sharing the file on one host (workers, web, CLI) take turns instead of failing.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../../config/paths';

export function openPrivateSqlite(file: string, busyTimeoutMs = 5000): Database.Database {
  if (file !== ':memory:') {
    mkdirPrivate(path.dirname(file));
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
}
