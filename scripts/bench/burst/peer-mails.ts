// The peers send what duban sends, rendered by duban's own templates, with the same sender and the same
// X-Duban-Key header: one mail per notice, or one per person's digest (with the documents duban attaches).
import type { SendMailOptions } from 'nodemailer';
import type { Notice } from '../../../domain/obligation/notice';
import { renderDigest, renderNotice } from '../../../activities/mail/templates';
import { messageIdFor } from '../../../activities/mail/mailer';
import { digestKey } from '../../../activities/channels/channel';
import { noticeIdentity } from '../../../config/mail';
import { DocumentIssuer, DOCX_TYPE } from '../../../activities/documents/issuer';

export const FROM = '江门市司法局 <duban@example.org>';
const context = noticeIdentity({});
const address = (a: { name: string; email: string }) => ({ name: a.name, address: a.email });

/** One mail: a lone notice, or a digest of one person's notices. */
export function mailOf(ns: Notice[]): SendMailOptions {
  const key = ns.length === 1 ? ns[0].key : digestKey(ns);
  const r = ns.length === 1 ? renderNotice(ns[0], context) : renderDigest(ns, context);
  return {
    from: FROM,
    to: ns[0].to.map(address),
    cc: ns[0].cc.map(address),
    subject: r.subject,
    text: r.text,
    html: r.html,
    messageId: messageIdFor(key, FROM),
    headers: { 'X-Duban-Key': key },
  };
}

/** The same mail with the documents duban attaches (a 督办's 督办通知书), issued by `issuer`, one per file name. */
export async function mailWithDocuments(ns: Notice[], issuer: DocumentIssuer): Promise<SendMailOptions> {
  const docs = await Promise.all(ns.map((n) => issuer.forNotice(n)));
  const byName = new Map(docs.flatMap((d) => (d ? [[d.fileName, d] as const] : [])));
  const attachments = [...byName.values()].map((d) => ({ filename: d.fileName, content: d.content, contentType: DOCX_TYPE }));
  return { ...mailOf(ns), ...(attachments.length ? { attachments } : {}) };
}
