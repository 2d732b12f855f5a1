// The delivery log: every send the mail (or SMS) server accepted, by idempotency key and channel. A retried
// activity looks here first and never sends twice. For each key it keeps whom the message reached: the
// addressees (`recipients`), the copied (`cc`), any address the server refused while taking the rest
// (`rejected`), and the digest it went out in (`via`). Embedded: SQLite (local/); shared: PostgreSQL (postgres/).

export type DeliveryStatus = 'accepted' | 'failed';

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

export interface DeliveryLog {
  /** The accepted delivery of this key on this channel, if any. */
  accepted(key: string, channel: string): Promise<DeliveryRecord | undefined>;
  record(r: DeliveryRecord): Promise<void>;
  /** Records several deliveries at once (a digest and its members): all of them or, after a crash, none. */
  recordAll(rs: DeliveryRecord[]): Promise<void>;
  count(status?: DeliveryStatus): Promise<number>;
  /**
   * Claims the send of `key` on `channel` for one attempt: 'accepted' when it went out before, a token to release
   * when this attempt may send; throws SendInProgress while another attempt (on any host) is sending it.
   */
  claimSend(key: string, channel: string, nowMs?: number): Promise<{ token: string } | 'accepted'>;
  /** Ends this attempt's claim (sent or failed); a claim another attempt has since taken over is left alone. */
  releaseSend(key: string, channel: string, token: string): Promise<void>;
}

/** A stored row as both stores keep it (snake_case columns, NULL for absent fields). */
export interface DeliveryRow {
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

export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
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

/** The record's values in column order: key, channel, status, message_id, recipients, cc, rejected, via, at, error. */
export function deliveryValues(r: DeliveryRecord): (string | null)[] {
  return [
    r.key,
    r.channel,
    r.status,
    r.messageId ?? null,
    r.recipients,
    r.cc ?? null,
    r.rejected ?? null,
    r.via ?? null,
    r.at,
    r.error ?? null,
  ];
}
