// The delivery log in PostgreSQL: shared by every worker host, so a notice one host sent is never sent
// again by another.
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import {
  DeliveryLog,
  DeliveryRecord,
  DeliveryRow,
  DeliveryStatus,
  deliveryFromRow,
  deliveryValues,
  SendInProgress,
  SENDING_CLAIM_MS,
} from '../delivery-log';

const UPSERT = `INSERT INTO deliveries (key, channel, status, message_id, recipients, cc, rejected, via, at, error)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (key, channel) DO UPDATE SET status = excluded.status, message_id = excluded.message_id, recipients = excluded.recipients,
    cc = excluded.cc, rejected = excluded.rejected, via = excluded.via, at = excluded.at, error = excluded.error`;

export class PgDeliveryLog implements DeliveryLog {
  constructor(private readonly pool: Pool) {}

  async accepted(key: string, channel: string): Promise<DeliveryRecord | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE key = $1 AND channel = $2 AND status = 'accepted'`,
      [key, channel],
    );
    return rows[0] && deliveryFromRow(rows[0]);
  }

  async record(r: DeliveryRecord): Promise<void> {
    await this.pool.query(UPSERT, deliveryValues(r));
  }

  async recordAll(rs: DeliveryRecord[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const r of rs) await client.query(UPSERT, deliveryValues(r));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async claimSend(key: string, channel: string, nowMs = Date.now()): Promise<{ token: string } | 'accepted'> {
    if (await this.accepted(key, channel)) return 'accepted';
    // Taken when free or when the holder's claim has lapsed; a live claim of another attempt returns no row.
    const { rows } = await this.pool.query<{ token: string }>(
      `INSERT INTO sending (key, channel, token, since) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key, channel) DO UPDATE SET token = excluded.token, since = excluded.since WHERE sending.since <= $5
       RETURNING token`,
      [key, channel, crypto.randomUUID(), nowMs, nowMs - SENDING_CLAIM_MS],
    );
    if (!rows[0]) throw new SendInProgress(key);
    return { token: rows[0].token };
  }

  async releaseSend(key: string, channel: string, token: string): Promise<void> {
    await this.pool.query('DELETE FROM sending WHERE key = $1 AND channel = $2 AND token = $3', [key, channel, token]);
  }

  async count(status?: DeliveryStatus): Promise<number> {
    const { rows } = status
      ? await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM deliveries WHERE status = $1', [status])
      : await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM deliveries');
    return Number(rows[0].n);
  }
}
