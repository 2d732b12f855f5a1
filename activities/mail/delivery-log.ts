// The delivery log: every send the mail (or SMS) server accepted, by idempotency key and channel, in an
// embedded SQLite file under data/. A retried activity looks here first and never sends twice.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type DeliveryStatus = 'accepted' | 'failed';

export interface DeliveryRecord {
  key: string;
  channel: string;
  status: DeliveryStatus;
  messageId?: string;
  recipients: string;
  at: string;
  error?: string;
}

export class DeliveryLog {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS deliveries (
      key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT,
      recipients TEXT NOT NULL, at TEXT NOT NULL, error TEXT,
      PRIMARY KEY (key, channel))`);
  }

  /** The accepted delivery of this key on this channel, if any. */
  accepted(key: string, channel: string): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE key = ? AND channel = ? AND status = ?').get(key, channel, 'accepted') as
      | { key: string; channel: string; status: DeliveryStatus; message_id: string | null; recipients: string; at: string; error: string | null }
      | undefined;
    return row && { key: row.key, channel: row.channel, status: row.status, messageId: row.message_id ?? undefined, recipients: row.recipients, at: row.at, error: row.error ?? undefined };
  }

  record(r: DeliveryRecord): void {
    this.db
      .prepare(
        `INSERT INTO deliveries (key, channel, status, message_id, recipients, at, error) VALUES (@key, @channel, @status, @messageId, @recipients, @at, @error)
         ON CONFLICT(key, channel) DO UPDATE SET status = excluded.status, message_id = excluded.message_id, recipients = excluded.recipients, at = excluded.at, error = excluded.error`,
      )
      .run({ messageId: null, error: null, ...r });
  }

  count(status?: DeliveryStatus): number {
    const row = (status
      ? this.db.prepare('SELECT COUNT(*) AS n FROM deliveries WHERE status = ?').get(status)
      : this.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get()) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}
