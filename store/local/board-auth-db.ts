// The embedded default's board sessions and login counts: one SQLite file in the data folder (board-auth.db),
// so a restart of the web process logs nobody out and forgets no count.
import type Database from 'better-sqlite3';
import { openPrivateSqlite } from './sqlite-file';

export function openBoardAuthDb(file: string): Database.Database {
  const db = openPrivateSqlite(file);
  db.exec(`CREATE TABLE IF NOT EXISTS board_sessions (
    id_hash TEXT PRIMARY KEY, username TEXT NOT NULL, stamp TEXT NOT NULL, expires_ms INTEGER NOT NULL)`);
  db.exec(`CREATE TABLE IF NOT EXISTS login_attempts (key TEXT PRIMARY KEY, hits TEXT NOT NULL, last_ms INTEGER NOT NULL)`);
  return db;
}
