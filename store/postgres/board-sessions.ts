// Board sessions in PostgreSQL (board_sessions, migration 6): any web process behind the load balancer finds a
// session another opened, and the loss of a process logs nobody out.
import type { Pool } from 'pg';
import { BoardSession, BoardSessions, sessionKey } from '../board-sessions';

export class PgBoardSessions implements BoardSessions {
  constructor(private readonly pool: Pool) {}

  async put(id: string, s: BoardSession): Promise<void> {
    await this.pool.query(
      `INSERT INTO board_sessions (id_hash, username, stamp, expires_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id_hash) DO UPDATE SET username = excluded.username, stamp = excluded.stamp, expires_ms = excluded.expires_ms`,
      [sessionKey(id), s.username, s.stamp, s.expMs],
    );
  }

  async get(id: string, nowMs: number): Promise<BoardSession | undefined> {
    const { rows } = await this.pool.query<{ username: string; stamp: string; expires_ms: string }>(
      'SELECT username, stamp, expires_ms FROM board_sessions WHERE id_hash = $1 AND expires_ms > $2',
      [sessionKey(id), nowMs],
    );
    return rows[0] && { username: rows[0].username, stamp: rows[0].stamp, expMs: Number(rows[0].expires_ms) };
  }

  async remove(id: string): Promise<void> {
    await this.pool.query('DELETE FROM board_sessions WHERE id_hash = $1', [sessionKey(id)]);
  }

  async prune(nowMs: number): Promise<number> {
    await this.pool.query('DELETE FROM board_sessions WHERE expires_ms <= $1', [nowMs]);
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM board_sessions');
    return Number(rows[0].n);
  }
}
