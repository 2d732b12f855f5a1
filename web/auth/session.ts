// Supervisors' logins, kept on the server: the cookie holds only a random session id. Logging out
// removes the session; a changed password (or a removed account) ends every session made with the old
// one, because each session remembers a stamp of the password hash it was opened with. A restart of
// the board ends all sessions. Expired sessions are dropped, and their number is capped.
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'duban_board';
export const SESSION_HOURS = 8;
const MAX_SESSIONS = 10_000;

interface Session {
  username: string;
  stamp: string;
  expMs: number;
}

/** A short fingerprint of a password hash: changes when the password does. */
export const credentialStamp = (passwordHash: string) => crypto.createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  open(username: string, passwordHash: string, nowMs: number): string {
    const id = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(id, { username, stamp: credentialStamp(passwordHash), expMs: nowMs + SESSION_HOURS * 3600_000 });
    if (this.sessions.size > MAX_SESSIONS) this.prune(nowMs);
    return id;
  }

  /** The username of a live session whose password is still the one it was opened with. */
  user(id: string | undefined, nowMs: number, currentHash: (username: string) => string | undefined): string | undefined {
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return undefined;
    const hash = currentHash(s.username);
    if (s.expMs <= nowMs || !hash || credentialStamp(hash) !== s.stamp) {
      this.sessions.delete(id!);
      return undefined;
    }
    return s.username;
  }

  close(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private prune(nowMs: number): void {
    for (const [id, s] of this.sessions) if (s.expMs <= nowMs) this.sessions.delete(id);
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= MAX_SESSIONS) break;
      this.sessions.delete(id); // the oldest sessions go first
    }
  }
}
