// The embedded default's board sessions and login counts: one SQLite file in the data folder (board-auth.db),
// so a restart of the web process logs nobody out and forgets no count. Created 0600 before SQLite opens it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../../config/paths';

export function openBoardAuthDb(file: string): Database.Database {
  if (file !== ':memory:') {
    mkdirPrivate(path.dirname(file));
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS board_sessions (
    id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, stamp TEXT NOT NULL, expires_ms INTEGER NOT NULL)`);
  db.exec(`CREATE TABLE IF NOT EXISTS login_attempts (key TEXT PRIMARY KEY, hits TEXT NOT NULL, last_ms INTEGER NOT NULL)`);
  return db;
}
