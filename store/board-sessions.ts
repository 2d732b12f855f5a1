// The board's login sessions, kept where every web process finds them (the data folder's SQLite file, or
// PostgreSQL): a session opened through one process is valid in every other, and a restart logs nobody out.
// The cookie holds a random id; the store keeps only its sha256, so a copy of the store opens no session.
import crypto from 'node:crypto';

export interface BoardSession {
  username: string;
  /** Fingerprint of the password hash the session was opened with (a new password ends it). */
  stamp: string;
  expMs: number;
}

export interface BoardSessions {
  put(id: string, s: BoardSession): Promise<void>;
  /** The session under `id`, undefined when there is none or it has expired. */
  get(id: string, nowMs: number): Promise<BoardSession | undefined>;
  remove(id: string): Promise<void>;
  /** Drops expired sessions; returns how many are left. */
  prune(nowMs: number): Promise<number>;
}

/** What the store keeps instead of the id itself. */
export const sessionKey = (id: string): string => crypto.createHash('sha256').update(id).digest('hex');
