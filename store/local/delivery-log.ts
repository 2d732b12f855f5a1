// The embedded delivery log: an SQLite file under data/ (delivery.db). Synchronous underneath (SQLite
// serialises every worker of one host on the file), answered through the shared async interface.
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { openPrivateSqlite } from './sqlite-file';
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

/** Columns added after the first release: added in place to a log written by an older version. */
const LATER_COLUMNS = ['cc', 'rejected', 'via'];

export class SqliteDeliveryLog implements DeliveryLog {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = openPrivateSqlite(file);
    this.db.exec(`CREATE TABLE IF NOT EXISTS deliveries (
      key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT,
      recipients TEXT NOT NULL, at TEXT NOT NULL, error TEXT,
      PRIMARY KEY (key, channel))`);
    const have = new Set((this.db.pragma('table_info(deliveries)') as { name: string }[]).map((c) => c.name));
    for (const c of LATER_COLUMNS) if (!have.has(c)) this.db.exec(`ALTER TABLE deliveries ADD COLUMN ${c} TEXT`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sending (
      key TEXT NOT NULL, channel TEXT NOT NULL, token TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (key, channel))`);
  }

  async claimSend(key: string, channel: string, nowMs = Date.now()): Promise<{ token: string } | 'accepted'> {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM deliveries WHERE key = ? AND channel = ? AND status = ?').get(key, channel, 'accepted'))
        return 'accepted' as const;
      const held = this.db.prepare('SELECT since FROM sending WHERE key = ? AND channel = ?').get(key, channel) as
        { since: number } | undefined;
      if (held && held.since > nowMs - SENDING_CLAIM_MS) throw new SendInProgress(key);
      const token = crypto.randomUUID();
      this.db
        .prepare(
          'INSERT INTO sending (key, channel, token, since) VALUES (?, ?, ?, ?) ON CONFLICT(key, channel) DO UPDATE SET token = excluded.token, since = excluded.since',
        )
        .run(key, channel, token, nowMs);
      return { token };
    })();
  }

  async releaseSend(key: string, channel: string, token: string): Promise<void> {
    this.db.prepare('DELETE FROM sending WHERE key = ? AND channel = ? AND token = ?').run(key, channel, token);
  }

  async accepted(key: string, channel: string): Promise<DeliveryRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE key = ? AND channel = ? AND status = ?').get(key, channel, 'accepted') as
      DeliveryRow | undefined;
    return row && deliveryFromRow(row);
  }

  async record(r: DeliveryRecord): Promise<void> {
    this.insert(r);
  }

  async recordAll(rs: DeliveryRecord[]): Promise<void> {
    this.db.transaction(() => rs.forEach((r) => this.insert(r)))();
  }

  async count(status?: DeliveryStatus): Promise<number> {
    const row = (
      status
        ? this.db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE status = ?').get(status)
        : this.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()
    ) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }

  private insert(r: DeliveryRecord): void {
    this.db
      .prepare(
        `INSERT INTO deliveries (key, channel, status, message_id, recipients, cc, rejected, via, at, error)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key, channel) DO UPDATE SET status = excluded.status, message_id = excluded.message_id, recipients = excluded.recipients,
           cc = excluded.cc, rejected = excluded.rejected, via = excluded.via, at = excluded.at, error = excluded.error`,
      )
      .run(...deliveryValues(r));
  }
}
