// Sends one e-mail through SMTP (nodemailer), exactly once per idempotency key: the delivery log is checked
// before and written after; the Message-ID derives from the key, so even a duplicate that slipped through
// would thread as one message. Permanent refusals (bad address, rejected recipient) are told apart from a
// server that is merely down.
import crypto from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryLog } from './delivery-log';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';

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
    this.transport = nodemailer.createTransport(config.url, { from: config.from });
  }

  /** Returns 'sent' or 'already-sent'. Throws a retryable error while the server is unreachable. */
  async send(mail: Mail, now: () => string = () => new Date().toISOString()): Promise<'sent' | 'already-sent'> {
    if (this.log.accepted(mail.key, 'email')) return 'already-sent';
    const messageId = messageIdFor(mail.key, this.config.from);
    try {
      await this.transport.sendMail({
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
      const e = err as { responseCode?: number; code?: string; message: string };
      // 5xx from the server about the message or its recipients will not heal by retrying.
      if (e.responseCode && e.responseCode >= 500 && e.responseCode < 600) {
        this.log.record({ key: mail.key, channel: 'email', status: 'failed', recipients: list(mail.to), at: now(), error: e.message });
        throw ApplicationFailure.nonRetryable(`邮件被拒收：${e.message}`, PERMANENT_FAILURE, { to: list(mail.to), responseCode: e.responseCode });
      }
      throw err; // connection refused, timeouts, 4xx: retried by the activity's policy
    }
    this.log.record({ key: mail.key, channel: 'email', status: 'accepted', messageId, recipients: list(mail.to), at: now() });
    return 'sent';
  }

  /** Records `key` as delivered as part of the message sent under `viaKey` (a digest). */
  markDelivered(key: string, viaKey: string, now: () => string = () => new Date().toISOString()): void {
    const via = this.log.accepted(viaKey, 'email');
    this.log.record({ key, channel: 'email', status: 'accepted', messageId: via?.messageId, recipients: via?.recipients ?? '', at: now(), error: `digest ${viaKey}` });
  }

  close(): void {
    this.transport.close();
  }
}

const list = (as: MailAddress[]) => as.map((a) => a.address).join(',');
