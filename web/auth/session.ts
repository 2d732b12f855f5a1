// Supervisors' logins, kept on the server: the cookie holds only a random session id. Logging out
// removes the session; a changed password (or a removed account) ends every session made with the old
// one, because each session remembers a stamp of the password hash it was opened with. Expired sessions
// are dropped, and their number is capped.
// With a shared store (the data folder's board-auth.db, or PostgreSQL; client/board-auth.ts) sessions live
// there, hashed: every web process knows them and a restart ends none. The handlers ask synchronously, so the
// session a request carries is read from the store before its handlers run (load, web/auth/shared-auth.ts) and
// writes are awaited before its response leaves (settled). Without one (tests), they live in this process only.
import crypto from 'node:crypto';
import type { BoardSession, BoardSessions } from '../../client/board-auth';
import { PendingWrites } from './pending-writes';

export const SESSION_COOKIE = 'duban_board';
/** How long a login lasts unless DUBAN_SESSION_HOURS says otherwise (a working day). */
export const SESSION_HOURS = 8;
const MIN_HOURS = 0.25;
const MAX_HOURS = 720;

/** DUBAN_SESSION_HOURS: a login's lifetime in hours (a shared office PC wants less, a home office more). */
export function sessionHoursFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DUBAN_SESSION_HOURS?.trim();
  if (!raw) return SESSION_HOURS;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < MIN_HOURS || hours > MAX_HOURS)
    throw new Error(`DUBAN_SESSION_HOURS 应为 ${MIN_HOURS} 到 ${MAX_HOURS} 之间的小时数（默认 ${SESSION_HOURS}），现为 ${raw}`);
  return hours;
}
const MAX_SESSIONS = 10_000;

/** A short fingerprint of a password hash: changes when the password does. */
export const credentialStamp = (passwordHash: string) => crypto.createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);

export class SessionStore {
  /** Without a shared store: every session. With one: the sessions requests in progress have loaded. */
  private readonly sessions = new Map<string, BoardSession>();
  private readonly writes = new PendingWrites();

  constructor(
    private readonly shared?: BoardSessions,
    /** A session's lifetime (sessionHoursFromEnv). */
    private readonly hours = SESSION_HOURS,
  ) {}

  /** A session's lifetime in seconds: the cookie's Max-Age. */
  get lifetimeSeconds(): number {
    return Math.round(this.hours * 3600);
  }

  /** Reads the session `id` from the shared store into this process's view (nothing without a shared store). */
  async load(id: string | undefined, nowMs: number): Promise<void> {
    if (!this.shared || !id) return;
    const s = await this.shared.get(id, nowMs);
    this.sessions.delete(id); // re-inserted last: the least recently loaded go first when capped
    if (s) this.sessions.set(id, s);
    if (this.sessions.size > MAX_SESSIONS) this.prune(nowMs);
  }

  open(username: string, passwordHash: string, nowMs: number): string {
    const id = crypto.randomBytes(32).toString('base64url');
    const session = { username, stamp: credentialStamp(passwordHash), expMs: nowMs + this.lifetimeSeconds * 1000 };
    this.sessions.set(id, session);
    if (this.shared) this.writes.track(this.shared.put(id, session).then(() => this.shared!.prune(nowMs)));
    if (this.sessions.size > MAX_SESSIONS) this.prune(nowMs);
    return id;
  }

  /** The username of a live session whose password is still the one it was opened with. */
  user(id: string | undefined, nowMs: number, currentHash: (username: string) => string | undefined): string | undefined {
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return undefined;
    const hash = currentHash(s.username);
    if (s.expMs <= nowMs || !hash || credentialStamp(hash) !== s.stamp) {
      this.close(id);
      return undefined;
    }
    return s.username;
  }

  close(id: string | undefined): void {
    if (!id) return;
    this.sessions.delete(id);
    if (this.shared) this.writes.track(this.shared.remove(id));
  }

  /** Resolves when the shared store has every session change made so far. */
  settled(): Promise<void> {
    return this.writes.settled();
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
