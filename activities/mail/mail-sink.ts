// The e-mail channel: notices, digests, 汇总 and annual summaries through the Mailer (one send per idempotency key).
import type { Addressee, Notice } from '../../domain/obligation/notice';
import type { Compilation } from '../../domain/obligation/compilation';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { Mailer } from './mailer';
import { NoticeContext, renderAnnual, renderCompilation, renderDigest, renderNotice } from './templates';
import { allows, Channel, digestKey, isPermanent, Refusals } from '../channels/channel';
import { compilationFileName, compilationHtml, compilationXlsx } from './compilation-documents';
import { DOCX_TYPE } from '../documents/issuer';

export interface MailSinkOptions {
  mailer: Mailer;
  context: NoticeContext;
  /** Signed link to a unit's report page (the portal), when configured. */
  linkFor?: (n: Notice) => string | undefined | Promise<string | undefined>;
  /** The 公文 a notice carries as an attachment (督办通知书, 通报), numbered once per document. */
  documentFor?: (n: Notice) => Promise<{ fileName: string; content: Buffer } | undefined>;
  /** The worker's log line at start (the server, its password masked). */
  description?: string;
}

/** Every person in the directory has an e-mail address. */
export const reachesByEmail = (a: Addressee): boolean => Boolean(a.email);

const address = (a: { name: string; email: string }) => ({ name: a.name, address: a.email });

export class MailNoticeSink implements Channel {
  readonly name = 'email';
  readonly reaches = reachesByEmail;
  constructor(private readonly o: MailSinkOptions) {}

  get description(): string {
    return this.o.description ?? '邮件';
  }

  close(): void {
    this.o.mailer.close();
  }

  async deliverNotice(n: Notice): Promise<void> {
    if (!allows(n, this.name)) return;
    const r = renderNotice(n, { ...this.o.context, link: await this.o.linkFor?.(n) });
    const attachments = await this.documents([n]);
    await this.o.mailer.send({
      key: n.key,
      to: n.to.map(address),
      cc: n.cc.map(address),
      ...r,
      ...(attachments.length ? { attachments } : {}),
    });
  }

  /** The documents the notices carry, each once (the 通报 of one round is one document). */
  private async documents(ns: Notice[]): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
    if (!this.o.documentFor) return [];
    const docs = await Promise.all(ns.map((n) => this.o.documentFor!(n)));
    const byName = new Map(docs.flatMap((d) => (d ? [[d.fileName, d] as const] : [])));
    return [...byName.values()].map((d) => ({ filename: d.fileName, content: d.content, contentType: DOCX_TYPE }));
  }

  /**
   * Several notices to one person at one send time. They go out as one mail per recipient set (step, to and
   * cc), each naming its unit, rather than as one mail copied to everyone copied on any of them. Why: an
   * escalation's cc is the unit's own people (督办 copies its contact and leader); a single 督办 copied to 17
   * departments would list every laggard before all of them, which is what the 通报 rung, days later, is
   * for. So a unit reads only what concerns it, addressed to it as a lone notice would be; notices that share
   * their recipients (a county's year-end reminders, its 催办 with the contact copied) still merge into one
   * mail; and the addressee's phone still gets one SMS for the instant (SmsNoticeSink).
   */
  async deliverBatch(ns: Notice[]): Promise<Refusals> {
    const refused: Refusals = new Map();
    const owed: Notice[] = [];
    for (const n of ns) if (allows(n, this.name) && !(await this.o.mailer.delivered(n.key))) owed.push(n);
    for (const group of byRecipients(owed)) {
      try {
        if (group.length === 1) await this.deliverNotice(group[0]);
        else
          await this.o.mailer.send({
            key: digestKey(group),
            to: group[0].to.map(address),
            cc: group[0].cc.map(address),
            ...renderDigest(group, this.o.context),
            attachments: await this.documents(group),
            members: group.map((n) => n.key),
          });
      } catch (err) {
        if (!isPermanent(err)) throw err; // server down: the retry sends the groups still owed
        for (const n of group) refused.set(n.key, err.message);
      }
    }
    return refused;
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
        {
          filename: compilationFileName(c, 'xlsx'),
          content: await compilationXlsx(c),
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
      ],
    });
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    if (a.toEmails.length === 0) return;
    await this.o.mailer.send({
      key: a.key,
      to: a.toEmails.map((address) => ({ name: a.to[0], address })),
      ...renderAnnual(a, this.o.context),
    });
  }
}

const emails = (as: { email: string }[]) =>
  as
    .map((a) => a.email.toLowerCase())
    .sort()
    .join(',');

/** Notices with the same step, addressees and copied people, in the order they came. */
function byRecipients(ns: Notice[]): Notice[][] {
  const groups = new Map<string, Notice[]>();
  for (const n of ns) {
    const k = `${n.step}|${emails(n.to)}|${emails(n.cc)}`;
    groups.set(k, [...(groups.get(k) ?? []), n]);
  }
  return [...groups.values()];
}
