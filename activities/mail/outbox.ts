// The outbox that turns simultaneous notices for one addressee into one digest: each notice waits here for
// a short collection window, then the first of its batch to claim it sends the whole batch. Lives in the
// delivery log's SQLite file, so claims are atomic across the activities of a worker host.
import type Database from 'better-sqlite3';
import type { Notice } from '../../domain/obligation/notice';

export interface OutboxRow {
  key: string;
  batch: string;
  notice: Notice;
  state: 'pending' | 'claimed' | 'sent' | 'failed';
  reason?: string;
}

/**
 * Notices to the same person for the same scheduled instant travel together, whoever they copy: the batch is
 * what one addressee is owed at one instant (their SMS merges across all of it); each sender splits it as its
 * channel needs (the mail sink sends one message per recipient set, so no copied person is left out).
 */
export function batchOf(n: Notice): string {
  return `${n.to.map((a) => a.email).sort().join(',')}|${n.at}`;
}

export class Outbox {
  constructor(
    private readonly db: Database.Database,
    /** A claim older than this is considered abandoned (its worker died) and can be taken over. */
    private readonly claimTtlMs = 120_000,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      key TEXT PRIMARY KEY, batch TEXT NOT NULL, notice TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending', claimed_at INTEGER, reason TEXT)`);
    db.exec('CREATE INDEX IF NOT EXISTS outbox_batch ON outbox (batch, state)');
  }

  enqueue(n: Notice): void {
    this.db.prepare('INSERT OR IGNORE INTO outbox (key, batch, notice) VALUES (?, ?, ?)').run(n.key, batchOf(n), JSON.stringify(n));
  }

  row(key: string): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as { key: string; batch: string; notice: string; state: OutboxRow['state']; reason: string | null } | undefined;
    return r && { key: r.key, batch: r.batch, notice: JSON.parse(r.notice), state: r.state, reason: r.reason ?? undefined };
  }

  /** Atomically takes every pending (or abandoned) notice of `batch`; empty when another sender has them. */
  claim(batch: string, nowMs: number): OutboxRow[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT key FROM outbox WHERE batch = ? AND (state = 'pending' OR (state = 'claimed' AND claimed_at < ?)) ORDER BY key`)
        .all(batch, nowMs - this.claimTtlMs) as { key: string }[];
      const mark = this.db.prepare(`UPDATE outbox SET state = 'claimed', claimed_at = ? WHERE key = ?`);
      for (const r of rows) mark.run(nowMs, r.key);
      return rows.map((r) => this.row(r.key)!);
    })();
  }

  settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): void {
    const stmt = this.db.prepare('UPDATE outbox SET state = ?, reason = ?, claimed_at = NULL WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => stmt.run(state, reason ?? null, k)))();
  }
}
