// Delivers the SMS of a notice to each addressee's mobile, once per key and number (delivery log). Only the
// addressees (`to`) are texted: the people a notice copies are told by the mail (every person in the
// directory has an e-mail address), alone or in a digest alike, so a copied leader's phone does not ring for
// each of a supervisor's 督办.
import crypto from 'node:crypto';
import { log } from '@temporalio/activity';
import type { NoticeSink } from '../notices';
import type { Notice } from '../../domain/obligation/notice';
import { digestSmsText, maskMobile, smsParams, smsText } from '../../domain/notices/sms';
import type { DeliveryLog } from '../../store/delivery-log';
import type { SmsProvider } from './providers';
import { isPermanent, Refusals } from '../digest-sink';

export class SmsNoticeSink implements NoticeSink {
  constructor(private readonly o: { provider: SmsProvider; log: DeliveryLog; signature: string; now?: () => string }) {}

  async deliverNotice(n: Notice): Promise<void> {
    if (!n.channels.includes('sms')) return;
    for (const a of n.to) await this.text(a.mobile, [n]);
  }

  /** Several notices at one send time: each addressee's mobile gets one SMS for the notices it is owed. */
  async deliverBatch(ns: Notice[]): Promise<Refusals> {
    const refused: Refusals = new Map();
    const texted = ns.filter((n) => n.channels.includes('sms'));
    const mobiles = [...new Set(texted.flatMap((n) => n.to.map((a) => a.mobile)))];
    for (const mobile of mobiles) {
      const owed = texted.filter((n) => n.to.some((a) => a.mobile === mobile) && !refused.has(n.key));
      try {
        await this.text(mobile, owed);
      } catch (err) {
        if (!isPermanent(err)) throw err;
        for (const n of owed) refused.set(n.key, err.message);
      }
    }
    return refused;
  }

  /** One message to `mobile` for those of `ns` not yet texted to it, recorded for each of them at once. */
  private async text(mobile: string, ns: Notice[]): Promise<void> {
    const channel = `sms:${mobile}`;
    const pending: Notice[] = [];
    for (const n of ns) if (!(await this.o.log.accepted(n.key, channel))) pending.push(n);
    if (pending.length === 0) return;
    const lone = pending.length === 1;
    const key = lone
      ? pending[0].key
      : `digest/${crypto
          .createHash('sha256')
          .update(
            pending
              .map((n) => n.key)
              .sort()
              .join('\n'),
          )
          .digest('hex')
          .slice(0, 32)}`;
    const text = lone ? smsText(pending[0], this.o.signature) : digestSmsText(pending, this.o.signature);
    const claim = await this.o.log.claimSend(key, channel); // another attempt texting the same now: retried later
    if (claim === 'accepted') return;
    try {
      const id = await this.o.provider.send({ key, mobile, step: pending[0].step, text, params: smsParams(pending[0]) });
      const at = (this.o.now ?? (() => new Date().toISOString()))();
      await this.o.log.recordAll(
        pending.map((n) => ({
          key: n.key,
          channel,
          status: 'accepted' as const,
          messageId: id,
          recipients: maskMobile(mobile),
          at,
          ...(lone ? {} : { via: key }),
        })),
      );
    } finally {
      await this.o.log.releaseSend(key, channel, claim.token);
    }
    safeLog(
      lone
        ? `短信已发送 ${maskMobile(mobile)}（${this.o.provider.name}）`
        : `短信（合并 ${pending.length} 项）已发送 ${maskMobile(mobile)}（${this.o.provider.name}）`,
      key,
    );
  }

  // 汇总 and annual summaries are documents: e-mail only.
  async deliverCompilation(): Promise<void> {}
  async deliverAnnualSummary(): Promise<void> {}
}

function safeLog(message: string, key: string): void {
  try {
    log.info(message, { key });
  } catch {
    // outside an activity (tests): nothing to log to
  }
}
