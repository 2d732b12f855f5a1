// Delivers the SMS of a notice to each addressee's mobile, once per key and number (delivery log).
import { log } from '@temporalio/activity';
import type { NoticeSink } from '../notices';
import type { Notice } from '../../domain/obligation/notice';
import { digestSmsText, maskMobile, smsParams, smsText } from '../../domain/notices/sms';
import type { DeliveryLog } from '../mail/delivery-log';
import type { SmsProvider } from './providers';

export class SmsNoticeSink implements NoticeSink {
  constructor(private readonly o: { provider: SmsProvider; log: DeliveryLog; signature: string; now?: () => string }) {}

  async deliverNotice(n: Notice): Promise<void> {
    if (!n.channels.includes('sms')) return;
    for (const a of n.to) {
      const channel = `sms:${a.mobile}`;
      if (this.o.log.accepted(n.key, channel)) continue;
      const id = await this.o.provider.send({ key: n.key, mobile: a.mobile, step: n.step, text: smsText(n, this.o.signature), params: smsParams(n) });
      this.o.log.record({ key: n.key, channel, status: 'accepted', messageId: id, recipients: maskMobile(a.mobile), at: (this.o.now ?? (() => new Date().toISOString()))() });
      safeLog(`短信已发送 ${maskMobile(a.mobile)}（${this.o.provider.name}）`, n.key);
    }
  }

  /** Several notices to one person at one send time: one SMS per number. */
  async deliverBatch(ns: Notice[]): Promise<void> {
    const texted = ns.filter((n) => n.channels.includes('sms'));
    if (texted.length <= 1) return texted.length ? this.deliverNotice(texted[0]) : undefined;
    for (const a of texted[0].to) {
      const channel = `sms:${a.mobile}`;
      const pending = texted.filter((n) => !this.o.log.accepted(n.key, channel));
      if (pending.length === 0) continue;
      const key = `digest/${pending.map((n) => n.key).sort().join('+')}`;
      const id = await this.o.provider.send({ key, mobile: a.mobile, step: pending[0].step, text: digestSmsText(pending, this.o.signature), params: smsParams(pending[0]) });
      const at = (this.o.now ?? (() => new Date().toISOString()))();
      for (const n of pending) this.o.log.record({ key: n.key, channel, status: 'accepted', messageId: id, recipients: maskMobile(a.mobile), at });
      safeLog(`短信（合并 ${pending.length} 项）已发送 ${maskMobile(a.mobile)}（${this.o.provider.name}）`, key);
    }
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
