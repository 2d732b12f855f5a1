// What both report stores do the same way: a report's body is written once under its path (a receipt's, or a
// submission's content digest) and never replaced, so a retried submission keeps the first; its text is read back
// from the body. Each store says only how a body is kept and found (files, or rows).
import type { ReportRef, StoredReport } from '../domain/obligation/report';
import { excerptOf } from '../domain/obligation/limits';
import { ReportContent, reportBody, reportPaths, sha256, textOfBody } from './report-store';

export abstract class KeptReports {
  /** Keeps `body` under `rel` unless a body is already kept there. */
  protected abstract keep(rel: string, obligation: string, body: Buffer): Promise<void>;
  /** The body kept under `rel`, if any. */
  protected abstract body(rel: string): Promise<Buffer | undefined>;
  abstract read(ref: Pick<ReportRef, 'path'>): Promise<string>;

  async putReport(obligation: string, receipt: string, report: ReportContent): Promise<ReportRef> {
    const rel = reportPaths.receipt(obligation, receipt);
    await this.keep(rel, obligation, reportBody(obligation, { receipt, ...report }));
    const stored = (await this.body(rel))!; // a retry keeps the first
    return { receipt, path: rel, sha256: sha256(stored), bytes: stored.length, attachments: report.attachments };
  }

  async putSubmission(obligation: string, report: ReportContent & { by: string }): Promise<StoredReport> {
    const body = reportBody(obligation, report);
    const digest = sha256(body);
    const rel = reportPaths.submission(obligation, digest);
    await this.keep(rel, obligation, body);
    return { path: rel, sha256: digest, bytes: body.length, chars: report.text.length, excerpt: excerptOf(report.text) };
  }

  async textOf(ref: Pick<ReportRef, 'path'>): Promise<string | undefined> {
    try {
      return textOfBody(await this.read(ref));
    } catch {
      return undefined;
    }
  }
}
