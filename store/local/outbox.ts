// The embedded outbox: a table in the delivery log's SQLite file, so claims are atomic across the
// activities of every worker on one host.
import type Database from 'better-sqlite3';
import { batchOf, DEFAULT_CLAIM_TTL_MS, Outbox, OutboxRow } from '../outbox';
import type { Notice } from '../../domain/obligation/notice';

interface Row {
  key: string;
  batch: string;
  notice: string;
  state: OutboxRow['state'];
  reason: string | null;
}

export class SqliteOutbox implements Outbox {
  constructor(
    private readonly db: Database.Database,
    private readonly claimTtlMs = DEFAULT_CLAIM_TTL_MS,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      key TEXT PRIMARY KEY, batch TEXT NOT NULL, notice TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending', claimed_at INTEGER, reason TEXT)`);
    db.exec('CREATE INDEX IF NOT EXISTS outbox_batch ON outbox (batch, state)');
  }

  async enqueue(n: Notice): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO outbox (key, batch, notice) VALUES (?, ?, ?)').run(n.key, batchOf(n), JSON.stringify(n));
  }

  async row(key: string): Promise<OutboxRow | undefined> {
    return this.rowNow(key);
  }

  async claim(batch: string, nowMs: number): Promise<OutboxRow[]> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT key FROM outbox WHERE batch = ? AND (state = 'pending' OR (state = 'claimed' AND claimed_at < ?)) ORDER BY key`)
        .all(batch, nowMs - this.claimTtlMs) as { key: string }[];
      const mark = this.db.prepare(`UPDATE outbox SET state = 'claimed', claimed_at = ? WHERE key = ?`);
      for (const r of rows) mark.run(nowMs, r.key);
      return rows.map((r) => this.rowNow(r.key)!);
    })();
  }

  async settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void> {
    const stmt = this.db.prepare('UPDATE outbox SET state = ?, reason = ?, claimed_at = NULL WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => stmt.run(state, reason ?? null, k)))();
  }

  private rowNow(key: string): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as Row | undefined;
    return r && { key: r.key, batch: r.batch, notice: JSON.parse(r.notice), state: r.state, reason: r.reason ?? undefined };
  }
}
