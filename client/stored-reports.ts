// What the board shows of an obligation's stored reports: a report's text, and one attachment (of a report, or of
// a 延期申请) by its digest. Each comes from the report store on this machine; one it does not have reads as none.
import type { AttachmentRef, ReportRef } from '../domain/obligation/report';
import { reportOwner, type ReportStore } from '../store/report-store';
import type { ObligationView } from './operations';

/** A stored report's text (undefined when the store on this machine does not have it). */
export async function storedReportText(reports: ReportStore, ref: Pick<ReportRef, 'path'>): Promise<{ text: string } | undefined> {
  try {
    return JSON.parse(await reports.read(ref));
  } catch {
    return undefined;
  }
}

/** The attachment `sha` of the obligation's reports or applications with its content, or undefined when not stored. */
export async function storedAttachment(
  reports: ReportStore,
  view: ObligationView | undefined,
  sha: string,
): Promise<{ attachment: AttachmentRef; content: Buffer } | undefined> {
  const sub = view?.state.submissions.find((s) => s.report?.attachments.some((x) => x.sha256 === sha));
  const applied = view?.state.extensions?.find((e) => e.attachment?.sha256 === sha)?.attachment;
  const attachment = sub?.report?.attachments.find((x) => x.sha256 === sha) ?? applied;
  // A report filed for several duties keeps its attachments once, with the first of them; an application's
  // attachment is kept with its obligation.
  const owner = sub?.report ? reportOwner(sub.report) : applied ? view!.spec.id : undefined;
  const content = owner && attachment ? await reports.attachmentIfStored(owner, attachment) : undefined;
  return attachment && content ? { attachment, content } : undefined;
}
