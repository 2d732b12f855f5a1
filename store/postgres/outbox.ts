// The digest outbox in PostgreSQL. A claim is one UPDATE … RETURNING over the batch's rows locked in key
// order (FOR UPDATE): a second host claiming the same batch waits for the first to commit, then finds the
// rows claimed and takes nothing, so a batch goes out from one host only.
import type { Pool } from 'pg';
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

const COLUMNS = 'key, batch, notice, state, reason, workflow_id, attempts, tell';

export class PgOutbox implements Outbox {
  constructor(
    private readonly pool: Pool,
    private readonly claimTtlMs = DEFAULT_CLAIM_TTL_MS,
  ) {}

  async enqueue(n: Notice, o: { workflowId?: string; readyAtMs?: number } = {}): Promise<void> {
    await this.pool.query(
      'INSERT INTO outbox (key, batch, notice, workflow_id, ready_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING',
      [n.key, batchOf(n), JSON.stringify(n), o.workflowId ?? null, o.readyAtMs ?? 0],
    );
  }

  async withdraw(key: string): Promise<boolean> {
    await this.pool.query(`DELETE FROM outbox WHERE key = $1 AND state = 'pending'`, [key]);
    return !(await this.row(key));
  }

  async row(key: string): Promise<OutboxRow | undefined> {
    const { rows } = await this.pool.query<OutboxTableRow>(`SELECT ${COLUMNS} FROM outbox WHERE key = $1`, [key]);
    return rows[0] && outboxRowOf(rows[0]);
  }

  async dueBetween(afterMs: number, untilMs: number, limit: number, from?: DuePlace): Promise<DueNotice[]> {
    const after = from ? '(ready_at > $3 OR (ready_at = $3 AND key > $4))' : 'ready_at > $3';
    const { rows } = await this.pool.query<{ notice: string; ready_at: string }>(
      `SELECT notice, ready_at FROM outbox WHERE state = 'pending' AND attempts = 0 AND ${after} AND ready_at <= $2
       ORDER BY ready_at, key LIMIT $1`,
      [limit, untilMs, ...(from ? [from.readyAtMs, from.key] : [afterMs])],
    );
    return rows.map((r) => ({ notice: JSON.parse(r.notice) as Notice, readyAtMs: Number(r.ready_at) }));
  }

  async readyBatches(nowMs: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ batch: string }>(
      `SELECT batch FROM outbox
       WHERE (state = 'pending' AND ready_at <= $1) OR (state = 'claimed' AND claimed_at < $2)
       GROUP BY batch ORDER BY MIN(ready_at) LIMIT $3`,
      [nowMs, nowMs - this.claimTtlMs, limit],
    );
    return rows.map((r) => r.batch);
  }

  async claim(batch: string, nowMs: number): Promise<OutboxRow[]> {
    // Every pending notice of the batch (those that joined inside the window too) except those waiting out a
    // back-off, and what a dead sender had claimed.
    const { rows } = await this.pool.query<OutboxTableRow>(
      `UPDATE outbox SET state = 'claimed', claimed_at = $2
       WHERE key IN (
         SELECT key FROM outbox
         WHERE batch = $1 AND ((state = 'pending' AND (attempts = 0 OR ready_at <= $2)) OR (state = 'claimed' AND claimed_at < $3))
         ORDER BY key FOR UPDATE)
       RETURNING ${COLUMNS}`,
      [batch, nowMs, nowMs - this.claimTtlMs],
    );
    return rows.map(outboxRowOf).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(
      `UPDATE outbox SET state = $1, reason = $2, claimed_at = NULL,
       tell = CASE WHEN $1 = 'failed' AND workflow_id IS NOT NULL THEN 'refused' ELSE tell END
       WHERE key = ANY($3)`,
      [state, reason ?? null, keys],
    );
  }

  async retryLater(keys: string[], retryAtMs: number, reason: string, stallAfter: number): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query(
      `UPDATE outbox SET state = 'pending', claimed_at = NULL, ready_at = $1, reason = $2, attempts = attempts + 1,
       tell = CASE WHEN workflow_id IS NOT NULL AND attempts + 1 = $3 THEN 'stalled' ELSE tell END
       WHERE key = ANY($4) AND state <> 'sent'`,
      [retryAtMs, reason, stallAfter, keys],
    );
  }

  async untold(limit: number): Promise<OutboxTelling[]> {
    const { rows } = await this.pool.query<OutboxTableRow>(`SELECT ${COLUMNS} FROM outbox WHERE tell IS NOT NULL LIMIT $1`, [limit]);
    return rows.map(tellingOf);
  }

  async told(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query('UPDATE outbox SET tell = NULL WHERE key = ANY($1)', [keys]);
  }

  async depth(nowMs = Date.now()): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM outbox WHERE ${depthCondition('$1')}`, [
      nowMs + DEPTH_HORIZON_MS,
    ]);
    return Number(rows[0].n);
  }
}
