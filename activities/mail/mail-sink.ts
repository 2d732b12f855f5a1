// Delivers notices, 汇总 and annual summaries as e-mail through the Mailer (one send per idempotency key).
import type { NoticeSink } from '../notices';
import type { Notice, Compilation } from '../../domain/obligation/notice';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { Mailer } from './mailer';
import { NoticeContext, renderAnnual, renderCompilation, renderDigest, renderNotice } from './templates';
import crypto from 'node:crypto';
import { compilationFileName, compilationHtml, compilationXlsx } from './compilation-documents';

export interface MailSinkOptions {
  mailer: Mailer;
  context: NoticeContext;
  /** Signed link to a unit's report page (the portal), when configured. */
  linkFor?: (n: Notice) => string | undefined;
}

const address = (a: { name: string; email: string }) => ({ name: a.name, address: a.email });

export class MailNoticeSink implements NoticeSink {
  constructor(private readonly o: MailSinkOptions) {}

  async deliverNotice(n: Notice): Promise<void> {
    if (!n.channels.includes('email')) return;
    const r = renderNotice(n, { ...this.o.context, link: this.o.linkFor?.(n) });
    await this.o.mailer.send({ key: n.key, to: n.to.map(address), cc: n.cc.map(address), ...r });
  }

  /** Several notices to one person at one send time: one digest mail, every member recorded as delivered. */
  async deliverBatch(ns: Notice[]): Promise<void> {
    const mailed = ns.filter((n) => n.channels.includes('email'));
    if (mailed.length <= 1) return mailed.length ? this.deliverNotice(mailed[0]) : undefined;
    const key = `digest/${crypto.createHash('sha256').update(mailed.map((n) => n.key).sort().join('\n')).digest('hex').slice(0, 32)}`;
    await this.o.mailer.send({ key, to: mailed[0].to.map(address), cc: mailed[0].cc.map(address), ...renderDigest(mailed, this.o.context) });
    for (const n of mailed) this.o.mailer.markDelivered(n.key, key);
  }

  async deliverCompilation(c: Compilation): Promise<void> {
    const emails = (names: string[]) => names.filter((n) => c.addresses[n]).map((n) => ({ name: n, address: c.addresses[n] }));
    const to = emails(c.to);
    if (to.length === 0) return; // nobody with an address: the log sink still records it
    const html = compilationHtml(c);
    await this.o.mailer.send({
      key: c.key,
      to,
      cc: emails(c.cc),
      ...renderCompilation(c, this.o.context),
      attachments: [
        { filename: compilationFileName(c, 'html'), content: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8' },
        { filename: compilationFileName(c, 'xlsx'), content: await compilationXlsx(c), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ],
    });
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    if (a.toEmails.length === 0) return;
    await this.o.mailer.send({ key: a.key, to: a.toEmails.map((address) => ({ name: a.to[0], address })), ...renderAnnual(a, this.o.context) });
  }
}

/** Delivers to every sink in turn (e.g. the log and the mail). */
export function allSinks(...sinks: NoticeSink[]): NoticeSink {
  return {
    async deliverNotice(n) {
      for (const s of sinks) await s.deliverNotice(n);
    },
    async deliverCompilation(c) {
      for (const s of sinks) await s.deliverCompilation(c);
    },
    async deliverAnnualSummary(a) {
      for (const s of sinks) await s.deliverAnnualSummary(a);
    },
  };
}
