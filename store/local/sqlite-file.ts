// How the data folder's SQLite files are opened: the file created 0600 before SQLite opens it (its -wal and -shm
// files take the same mode), write-ahead logging so readers do not wait for writers, and a busy wait so the
// processes sharing the file on one host (workers, web, CLI) take turns instead of failing. Each statement is
// prepared once per connection: at 09:00 the outbox and delivery log run the same few statements thousands of times,
// and preparing them each time showed in the burst's CPU profile.
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
  return withPreparedOnce(db);
}

/**
 * The connection with `prepare` answering a statement already prepared for the same text. The stores never change
 * a statement's mode (pluck, raw, expand), so a statement can serve every caller of its text.
 */
function withPreparedOnce(db: Database.Database): Database.Database {
  const prepare = db.prepare.bind(db);
  const prepared = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = prepare(sql)));
    return statement;
  }) as typeof db.prepare;
  return db;
}
