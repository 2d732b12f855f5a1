// The embedded outbox: a table in the delivery log's SQLite file, so claims are atomic across the
// activities and senders of every worker on one host.
import type Database from 'better-sqlite3';
import {
  batchOf,
  DEFAULT_CLAIM_TTL_MS,
  DEPTH_HORIZON_MS,
  depthCondition,
  DueNotice,
  DuePlace,
  Outbox,
  OutboxRow,
  OutboxTableRow,
  OutboxTelling,
  outboxRowOf,
  tellingOf,
} from '../outbox';
import type { Notice } from '../../domain/obligation/notice';

/**
 * Every pending notice of a batch goes with it (those that joined inside the window too), except those waiting
 * out a back-off; and what a dead sender had claimed. Parameters: now, now − claim TTL.
 */
const CLAIMABLE = `(state = 'pending' AND (attempts = 0 OR ready_at <= ?)) OR (state = 'claimed' AND claimed_at < ?)`;

/** Columns added after the first release, with their definitions (older files gain them on open). */
const ADDED = {
  workflow_id: 'TEXT',
  ready_at: 'INTEGER NOT NULL DEFAULT 0',
  attempts: 'INTEGER NOT NULL DEFAULT 0',
  tell: 'TEXT',
};

export class SqliteOutbox implements Outbox {
  constructor(
    private readonly db: Database.Database,
    private readonly claimTtlMs = DEFAULT_CLAIM_TTL_MS,
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS outbox (
      key TEXT PRIMARY KEY, batch TEXT NOT NULL, notice TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending', claimed_at INTEGER, reason TEXT)`);
    const have = new Set((db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name));
    for (const [name, type] of Object.entries(ADDED)) if (!have.has(name)) db.exec(`ALTER TABLE outbox ADD COLUMN ${name} ${type}`);
    db.exec('CREATE INDEX IF NOT EXISTS outbox_batch ON outbox (batch, state)');
    db.exec('CREATE INDEX IF NOT EXISTS outbox_ready ON outbox (state, ready_at)');
    db.exec('CREATE INDEX IF NOT EXISTS outbox_tell ON outbox (tell) WHERE tell IS NOT NULL');
  }

  async enqueue(n: Notice, o: { workflowId?: string; readyAtMs?: number } = {}): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO outbox (key, batch, notice, workflow_id, ready_at) VALUES (?, ?, ?, ?, ?)')
      .run(n.key, batchOf(n), JSON.stringify(n), o.workflowId ?? null, o.readyAtMs ?? 0);
  }

  async row(key: string): Promise<OutboxRow | undefined> {
    return this.rowNow(key);
  }

  async withdraw(key: string): Promise<boolean> {
    this.db.prepare(`DELETE FROM outbox WHERE key = ? AND state = 'pending'`).run(key);
    return !this.rowNow(key);
  }

  async dueBetween(afterMs: number, untilMs: number, limit: number, from?: DuePlace): Promise<DueNotice[]> {
    const after = from ? '(ready_at > ? OR (ready_at = ? AND key > ?))' : 'ready_at > ?';
    const rows = this.db
      .prepare(
        `SELECT notice, ready_at FROM outbox WHERE state = 'pending' AND attempts = 0 AND ${after} AND ready_at <= ?
         ORDER BY ready_at, key LIMIT ?`,
      )
      .all(...(from ? [from.readyAtMs, from.readyAtMs, from.key] : [afterMs]), untilMs, limit) as { notice: string; ready_at: number }[];
    return rows.map((r) => ({ notice: JSON.parse(r.notice) as Notice, readyAtMs: r.ready_at }));
  }

  async readyBatches(nowMs: number, limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT batch FROM outbox
         WHERE (state = 'pending' AND ready_at <= ?) OR (state = 'claimed' AND claimed_at < ?)
         GROUP BY batch ORDER BY MIN(ready_at) LIMIT ?`,
      )
      .all(nowMs, nowMs - this.claimTtlMs, limit) as { batch: string }[];
    return rows.map((r) => r.batch);
  }

  async claim(batch: string, nowMs: number): Promise<OutboxRow[]> {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT key FROM outbox WHERE batch = ? AND (${CLAIMABLE}) ORDER BY key`)
        .all(batch, nowMs, nowMs - this.claimTtlMs) as { key: string }[];
      const mark = this.db.prepare(`UPDATE outbox SET state = 'claimed', claimed_at = ? WHERE key = ?`);
      for (const r of rows) mark.run(nowMs, r.key);
      return rows.map((r) => this.rowNow(r.key)!);
    })();
  }

  async settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void> {
    const stmt = this.db.prepare(
      `UPDATE outbox SET state = ?, reason = ?, claimed_at = NULL,
       tell = CASE WHEN ? = 'failed' AND workflow_id IS NOT NULL THEN 'refused' ELSE tell END WHERE key = ?`,
    );
    this.db.transaction(() => keys.forEach((k) => stmt.run(state, reason ?? null, state, k)))();
  }

  async retryLater(keys: string[], retryAtMs: number, reason: string, stallAfter: number): Promise<void> {
    const stmt = this.db.prepare(
      `UPDATE outbox SET state = 'pending', claimed_at = NULL, ready_at = ?, reason = ?, attempts = attempts + 1,
       tell = CASE WHEN workflow_id IS NOT NULL AND attempts + 1 = ? THEN 'stalled' ELSE tell END
       WHERE key = ? AND state <> 'sent'`,
    );
    this.db.transaction(() => keys.forEach((k) => stmt.run(retryAtMs, reason, stallAfter, k)))();
  }

  async untold(limit: number): Promise<OutboxTelling[]> {
    const rows = this.db.prepare('SELECT * FROM outbox WHERE tell IS NOT NULL LIMIT ?').all(limit) as OutboxTableRow[];
    return rows.map(tellingOf);
  }

  async told(keys: string[]): Promise<void> {
    const stmt = this.db.prepare('UPDATE outbox SET tell = NULL WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => stmt.run(k)))();
  }

  async depth(nowMs = Date.now()): Promise<number> {
    const sql = `SELECT COUNT(*) AS n FROM outbox WHERE ${depthCondition('?')}`;
    return (this.db.prepare(sql).get(nowMs + DEPTH_HORIZON_MS) as { n: number }).n;
  }

  private rowNow(key: string): OutboxRow | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE key = ?').get(key) as OutboxTableRow | undefined;
    return r && outboxRowOf(r);
  }
}
