// Board sessions in the data folder's SQLite file (board-auth.db): every web process of the host sees them.
import type Database from 'better-sqlite3';
import { BoardSession, BoardSessions, sessionKey } from '../board-sessions';

interface Row {
  username: string;
  stamp: string;
  expires_ms: number;
}

export class SqliteBoardSessions implements BoardSessions {
  constructor(private readonly db: Database.Database) {}

  async put(id: string, s: BoardSession): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO board_sessions (id_hash, username, stamp, expires_ms) VALUES (?, ?, ?, ?)')
      .run(sessionKey(id), s.username, s.stamp, s.expMs);
  }

  async get(id: string, nowMs: number): Promise<BoardSession | undefined> {
    const row = this.db
      .prepare<[string], Row>('SELECT username, stamp, expires_ms FROM board_sessions WHERE id_hash = ?')
      .get(sessionKey(id));
    return row && row.expires_ms > nowMs ? { username: row.username, stamp: row.stamp, expMs: row.expires_ms } : undefined;
  }

  async remove(id: string): Promise<void> {
    this.db.prepare('DELETE FROM board_sessions WHERE id_hash = ?').run(sessionKey(id));
  }

  async prune(nowMs: number): Promise<number> {
    this.db.prepare('DELETE FROM board_sessions WHERE expires_ms <= ?').run(nowMs);
    return (this.db.prepare('SELECT COUNT(*) AS n FROM board_sessions').get() as { n: number }).n;
  }
}
