// The digest outbox in PostgreSQL. A claim is one UPDATE … RETURNING over the batch's rows locked in key
// order (FOR UPDATE): a second host claiming the same batch waits for the first to commit, then finds the
// rows claimed and takes nothing, so a batch goes out from one host only.
import type { Pool } from 'pg';
import { batchOf, DEFAULT_CLAIM_TTL_MS, Outbox, OutboxRow } from '../outbox';
import type { Notice } from '../../domain/obligation/notice';

interface Row {
  key: string;
  batch: string;
  notice: string;
  state: OutboxRow['state'];
  reason: string | null;
}

const fromRow = (r: Row): OutboxRow => ({
  key: r.key,
  batch: r.batch,
  notice: JSON.parse(r.notice),
  state: r.state,
  reason: r.reason ?? undefined,
});

export class PgOutbox implements Outbox {
  constructor(
    private readonly pool: Pool,
    private readonly claimTtlMs = DEFAULT_CLAIM_TTL_MS,
  ) {}

  async enqueue(n: Notice): Promise<void> {
    await this.pool.query('INSERT INTO outbox (key, batch, notice) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [
      n.key,
      batchOf(n),
      JSON.stringify(n),
    ]);
  }

  async row(key: string): Promise<OutboxRow | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT key, batch, notice, state, reason FROM outbox WHERE key = $1', [key]);
    return rows[0] && fromRow(rows[0]);
  }

  async claim(batch: string, nowMs: number): Promise<OutboxRow[]> {
    const { rows } = await this.pool.query<Row>(
      `UPDATE outbox SET state = 'claimed', claimed_at = $2
       WHERE key IN (
         SELECT key FROM outbox
         WHERE batch = $1 AND (state = 'pending' OR (state = 'claimed' AND claimed_at < $3))
         ORDER BY key FOR UPDATE)
       RETURNING key, batch, notice, state, reason`,
      [batch, nowMs, nowMs - this.claimTtlMs],
    );
    return rows.map(fromRow).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async settle(keys: string[], state: 'sent' | 'failed' | 'pending', reason?: string): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query('UPDATE outbox SET state = $1, reason = $2, claimed_at = NULL WHERE key = ANY($3)', [
      state,
      reason ?? null,
      keys,
    ]);
  }
}
