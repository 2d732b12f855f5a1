// The login throttle's counts in PostgreSQL (login_attempts, migration 6). An admission makes sure each key's row
// exists (an upsert), then locks the rows in key order (FOR UPDATE): concurrent attempts from every web process
// queue on them and are counted one after another, so 120 guesses spread over two processes meet one limit.
import type { Pool } from 'pg';
import { admission, LoginAttempts, LONGEST_WINDOW_MS, WindowCheck, WindowRefusal } from '../login-attempts';
import { inTransaction } from './transaction';

export class PgLoginAttempts implements LoginAttempts {
  private admissions = 0;

  constructor(private readonly pool: Pool) {}

  async admit(checks: WindowCheck[], nowMs: number): Promise<WindowRefusal | undefined> {
    const keys = [...new Set(checks.map((c) => c.key))].sort();
    // Now and then, not on every attempt: rows of keys quiet for longer than any window go.
    if (++this.admissions % 100 === 1) await this.pool.query('DELETE FROM login_attempts WHERE last_ms < $1', [nowMs - LONGEST_WINDOW_MS]);
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO login_attempts (key, hits, last_ms) SELECT k, '{}', $2 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING`,
        [keys, nowMs],
      );
      const { rows } = await client.query<{ key: string; hits: string[] }>(
        'SELECT key, hits FROM login_attempts WHERE key = ANY($1) ORDER BY key FOR UPDATE',
        [keys],
      );
      const stored = new Map(rows.map((r) => [r.key, r.hits.map(Number)]));
      const decided = admission(checks, (key) => stored.get(key) ?? [], nowMs);
      if ('refusal' in decided) return decided.refusal;
      for (const [key, hits] of decided.next)
        await client.query('UPDATE login_attempts SET hits = $2, last_ms = $3 WHERE key = $1', [key, hits, nowMs]);
      return undefined;
    });
  }

  async undo(key: string): Promise<void> {
    await this.pool.query('UPDATE login_attempts SET hits = trim_array(hits, 1) WHERE key = $1 AND cardinality(hits) > 0', [key]);
  }

  async clear(key: string): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE key = $1', [key]);
  }
}
