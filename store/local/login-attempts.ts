// The login throttle's counts in the data folder's SQLite file (board-auth.db). An immediate transaction takes
// the file's write lock before reading the counts, so the web processes of one host count one after another.
import type Database from 'better-sqlite3';
import { admission, LoginAttempts, LONGEST_WINDOW_MS, WindowCheck, WindowRefusal } from '../login-attempts';

export class SqliteLoginAttempts implements LoginAttempts {
  private readonly admitNow: Database.Transaction<(checks: WindowCheck[], nowMs: number) => WindowRefusal | undefined>;

  constructor(private readonly db: Database.Database) {
    const read = db.prepare<[string], { hits: string }>('SELECT hits FROM login_attempts WHERE key = ?');
    const write = db.prepare('INSERT OR REPLACE INTO login_attempts (key, hits, last_ms) VALUES (?, ?, ?)');
    const expire = db.prepare('DELETE FROM login_attempts WHERE last_ms < ?');
    this.admitNow = db.transaction((checks: WindowCheck[], nowMs: number) => {
      expire.run(nowMs - LONGEST_WINDOW_MS);
      const decided = admission(checks, (key) => JSON.parse(read.get(key)?.hits ?? '[]') as number[], nowMs);
      if ('refusal' in decided) return decided.refusal;
      for (const [key, hits] of decided.next) write.run(key, JSON.stringify(hits), nowMs);
      return undefined;
    });
  }

  async admit(checks: WindowCheck[], nowMs: number): Promise<WindowRefusal | undefined> {
    return this.admitNow.immediate(checks, nowMs);
  }

  async undo(key: string): Promise<void> {
    this.db
      .transaction(() => {
        const row = this.db.prepare<[string], { hits: string }>('SELECT hits FROM login_attempts WHERE key = ?').get(key);
        if (!row) return;
        const hits = (JSON.parse(row.hits) as number[]).slice(0, -1);
        this.db.prepare('UPDATE login_attempts SET hits = ? WHERE key = ?').run(JSON.stringify(hits), key);
      })
      .immediate();
  }

  async clear(key: string): Promise<void> {
    this.db.prepare('DELETE FROM login_attempts WHERE key = ?').run(key);
  }
}
