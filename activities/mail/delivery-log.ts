// The delivery log: every send the mail (or SMS) server accepted, by idempotency key and channel, in an
// embedded SQLite file under data/. A retried activity looks here first and never sends twice. For each key
// it keeps whom the message reached: the addressees (`recipients`), the copied (`cc`), any address the server
// refused while taking the rest (`rejected`), and the digest it went out in (`via`).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../../config/paths';

export type DeliveryStatus = 'accepted' | 'failed';

export interface DeliveryRecord {
  key: string;
  channel: string;
  status: DeliveryStatus;
  messageId?: string;
  /** The addressees reached (e-mail addresses, or a masked mobile), comma-separated. */
  recipients: string;
  /** The copied addresses reached, comma-separated. */
  cc?: string;
  /** Addresses the server refused while it accepted the message for the others. */
  rejected?: string;
  /** Key of the digest message this key went out in. */
  via?: string;
  at: string;
  error?: string;
}

interface Row {
  key: string;
  channel: string;
  status: DeliveryStatus;
  message_id: string | null;
  recipients: string;
  cc: string | null;
  rejected: string | null;
  via: string | null;
  at: string;
  error: string | null;
}

/** Columns added after the first release: added in place to a log written by an older version. */
const LATER_COLUMNS = ['cc', 'rejected', 'via'];

/**
 * How long a send in progress keeps other attempts of the same key away. Longer than one attempt can take (the
 * SMTP timeouts bound it), so a retry started while a slow attempt still talks to the server waits for its
 * outcome instead of sending a second copy; an attempt whose worker died is taken over after this time.
 */
export const SENDING_CLAIM_MS = 120_000;

/** Thrown to an attempt while another attempt is sending the same key; the activity's retry policy retries it. */
export class SendInProgress extends Error {
  constructor(key: string) {
    super(`另一次尝试正在发送 ${key}，稍后重试`);
    this.name = 'SendInProgress';
  }
}

export class DeliveryLog {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') {
      mkdirPrivate(path.dirname(file));
      // Created 0600 before SQLite opens it: its -wal and -shm files take the same mode.
      fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS deliveries (
      key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT,
      recipients TEXT NOT NULL, at TEXT NOT NULL, error TEXT,
      PRIMARY KEY (key, channel))`);
    const have = new Set((this.db.pragma('table_info(deliveries)') as { name: string }[]).map((c) => c.name));
    for (const c of LATER_COLUMNS) if (!have.has(c)) this.db.exec(`ALTER TABLE deliveries ADD COLUMN ${c} TEXT`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sending (
      key TEXT NOT NULL, channel TEXT NOT NULL, token TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (key, channel))`);
  }

  /**
   * Claims the send of `key` on `channel` for one attempt: 'accepted' when it went out before, a token to
   * release when this attempt may send, or a SendInProgress error while another attempt is sending it.
   */
  claimSend(key: string, channel: string, nowMs = Date.now()): { token: string } | 'accepted' {
    return this.db.transaction(() => {
      if (this.accepted(key, channel)) return 'accepted' as const;
      const held = this.db.prepare('SELECT since FROM sending WHERE key = ? AND channel = ?').get(key, channel) as { since: number } | undefined;
      if (held && held.since > nowMs - SENDING_CLAIM_MS) throw new SendInProgress(key);
      const token = crypto.randomUUID();
      this.db
        .prepare('INSERT INTO sending (key, channel, token, since) VALUES (?, ?, ?, ?) ON CONFLICT(key, channel) DO UPDATE SET token = excluded.token, since = excluded.since')
        .run(key, channel, token, nowMs);
      return { token };
    })();
  }

  /** Ends this attempt's claim (sent or failed); a claim another attempt has since taken over is left alone. */
  releaseSend(key: string, channel: string, token: string): void {
    this.db.prepare('DELETE FROM sending WHERE key = ? AND channel = ? AND token = ?').run(key, channel, token);
  }

  /** The accepted delivery of this key on this channel, if any. */
  accepted(key: string, channel: string): DeliveryRecord | undefined {
    const row = this.db.prepare('SELECT * FROM deliveries WHERE key = ? AND channel = ? AND status = ?').get(key, channel, 'accepted') as Row | undefined;
    return row && fromRow(row);
  }

  record(r: DeliveryRecord): void {
    this.db
      .prepare(
        `INSERT INTO deliveries (key, channel, status, message_id, recipients, cc, rejected, via, at, error)
         VALUES (@key, @channel, @status, @messageId, @recipients, @cc, @rejected, @via, @at, @error)
         ON CONFLICT(key, channel) DO UPDATE SET status = excluded.status, message_id = excluded.message_id, recipients = excluded.recipients,
           cc = excluded.cc, rejected = excluded.rejected, via = excluded.via, at = excluded.at, error = excluded.error`,
      )
      .run({ messageId: null, cc: null, rejected: null, via: null, error: null, ...r });
  }

  /** Records several deliveries at once (a digest and its members): all of them or, after a crash, none. */
  recordAll(rs: DeliveryRecord[]): void {
    this.db.transaction(() => rs.forEach((r) => this.record(r)))();
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

function fromRow(row: Row): DeliveryRecord {
  const opt = <K extends string>(k: K, v: string | null) => (v === null ? {} : ({ [k]: v } as Record<K, string>));
  return {
    key: row.key,
    channel: row.channel,
    status: row.status,
    recipients: row.recipients,
    at: row.at,
    ...opt('messageId', row.message_id),
    ...opt('cc', row.cc),
    ...opt('rejected', row.rejected),
    ...opt('via', row.via),
    ...opt('error', row.error),
  };
}
