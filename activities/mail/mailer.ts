// Sends one e-mail through SMTP (nodemailer), exactly once per idempotency key: the delivery log is checked
// before and written after; the Message-ID derives from the key, so even a duplicate that slipped through
// would thread as one message. Permanent refusals (bad address, rejected recipient) are told apart from a
// server that is merely down.
import crypto from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryLog } from '../../store/delivery-log';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import { configurationTroubleMessage, SmtpErrorFields, smtpTrouble } from './smtp-refusal';

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  /** "江门市司法局 <duban@example.org>" */
  from: string;
  replyTo?: string;
}

export interface MailAddress {
  name: string;
  address: string;
}

export interface Mail {
  key: string;
  to: MailAddress[];
  cc?: MailAddress[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** A digest: the keys of the notices it carries, each recorded with exactly whom this message reached. */
  members?: string[];
}

/** The mail server refused the login or the sender: retryable, and the operator's to mend. */
export class SmtpConfigurationError extends Error {
  override readonly name = 'SmtpConfigurationError';
  constructor(
    message: string,
    readonly responseCode?: number,
  ) {
    super(message);
  }
}

export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)/.exec(from)?.[1] ?? 'duban.local';
  return `<${crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

export class Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly config: MailConfig,
    private readonly log: DeliveryLog,
  ) {
    this.transport = nodemailer.createTransport(transportUrl(config.url), { from: config.from });
  }

  /** True when the message under `key` was accepted before (alone or in a digest). */
  async delivered(key: string): Promise<boolean> {
    return (await this.log.accepted(key, 'email')) !== undefined;
  }

  /**
   * Returns 'sent' or 'already-sent'. Throws a retryable error while the server is unreachable, a permanent one
   * when it refuses an addressee (`to`); a refused login or sender is retryable (smtp-refusal.ts). A copied address refused while the rest is taken
   * does not fail the notice (its addressee has it); it is recorded as `rejected`.
   */
  async send(mail: Mail, now: () => string = () => new Date().toISOString()): Promise<'sent' | 'already-sent'> {
    const claim = await this.log.claimSend(mail.key, 'email');
    if (claim === 'accepted') return 'already-sent';
    try {
      return await this.sendClaimed(mail, now);
    } finally {
      await this.log.releaseSend(mail.key, 'email', claim.token);
    }
  }

  private async sendClaimed(mail: Mail, now: () => string): Promise<'sent'> {
    const messageId = messageIdFor(mail.key, this.config.from);
    const keys = [mail.key, ...(mail.members ?? [])];
    const via = (key: string) => (key === mail.key ? {} : { via: mail.key });
    const failed = (error: string, reached: { to: MailAddress[]; cc?: MailAddress[]; rejected?: string }) =>
      this.log.recordAll(
        keys.map((key) => ({
          key,
          channel: 'email',
          status: 'failed' as const,
          recipients: list(reached.to),
          ...(reached.cc?.length ? { cc: list(reached.cc) } : {}),
          rejected: reached.rejected,
          at: now(),
          error,
          ...via(key),
        })),
      );
    let info: { accepted?: unknown[]; rejected?: unknown[] };
    try {
      info = await this.transport.sendMail({
        from: this.config.from,
        ...(this.config.replyTo ? { replyTo: this.config.replyTo } : {}),
        to: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        headers: { 'X-Duban-Key': mail.key },
        attachments: mail.attachments,
      });
    } catch (err) {
      const e = err as SmtpErrorFields;
      const trouble = smtpTrouble(e);
      // A refused login or sender is the operator's to mend: retried like an outage, said in Chinese.
      if (trouble === 'configuration') throw new SmtpConfigurationError(configurationTroubleMessage(e), e.responseCode);
      // A refused recipient will not heal by retrying.
      if (trouble === 'recipient-refused') {
        await failed(e.message, { to: [], rejected: list([...mail.to, ...(mail.cc ?? [])]) });
        throw ApplicationFailure.nonRetryable(`邮件被拒收：${e.message}`, PERMANENT_FAILURE, {
          to: list(mail.to),
          responseCode: e.responseCode,
        });
      }
      throw err; // connection refused, timeouts, 4xx, a refused message: retried
    }
    const refused = new Set((info.rejected ?? []).map(addressOf));
    const reached = (as: MailAddress[] = []) => as.filter((a) => !refused.has(a.address.toLowerCase()));
    const rejected = refused.size ? [...refused].join(',') : undefined;
    if (reached(mail.to).length < mail.to.length) {
      // The server took the message for the copied only: the addressee was not told, which no retry mends.
      await failed(`收件人被拒收：${rejected}`, { to: reached(mail.to), cc: reached(mail.cc), rejected });
      throw ApplicationFailure.nonRetryable(`邮件被拒收：${rejected}`, PERMANENT_FAILURE, { to: list(mail.to) });
    }
    const cc = reached(mail.cc);
    await this.log.recordAll(
      keys.map((key) => ({
        key,
        channel: 'email',
        status: 'accepted' as const,
        messageId,
        recipients: list(mail.to),
        ...(cc.length ? { cc: list(cc) } : {}),
        ...(rejected ? { rejected } : {}),
        ...via(key),
        at: now(),
      })),
    );
    return 'sent';
  }

  close(): void {
    this.transport.close();
  }
}

/** SMTP connections a worker keeps open and sends over at once, unless SMTP_URL says otherwise (maxConnections). */
export const SMTP_CONNECTIONS = 5;

/**
 * nodemailer reads its options from the URL's query; the URL's own values win. Defaults:
 * - a pool of SMTP_CONNECTIONS connections, each carrying many messages. Besides sparing a connection per mail,
 *   it bounds the sends in flight: a worker killed mid-burst can have sent at most that many mails the delivery
 *   log has not yet recorded, which its retry then sends a second time (under the same Message-ID);
 * - bounded timeouts: one attempt ends well within the delivery log's sending claim (SENDING_CLAIM_MS) instead
 *   of nodemailer's 10-minute default.
 */
function transportUrl(url: string): string {
  const u = new URL(url);
  const defaults = {
    pool: 'true',
    maxConnections: String(SMTP_CONNECTIONS),
    connectionTimeout: '20000',
    greetingTimeout: '20000',
    socketTimeout: '60000',
  };
  for (const [k, v] of Object.entries(defaults)) if (!u.searchParams.has(k)) u.searchParams.set(k, v);
  return u.toString();
}

const list = (as: MailAddress[]) => as.map((a) => a.address).join(',');
const addressOf = (a: unknown) => (typeof a === 'string' ? a : (a as { address: string }).address).toLowerCase();
