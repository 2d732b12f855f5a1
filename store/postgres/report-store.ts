// The report store in PostgreSQL: report JSON and attachments as bytea rows, under the same relative paths
// and digests as the embedded store's files, so references are the same in both. Uploads are staged to a
// local private folder (streamed, hashed, checked), then read once and inserted; rows are never removed.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import type { AttachmentRef, ReportRef, StoredReport } from '../../domain/obligation/report';
import { excerptOf } from '../../domain/obligation/limits';
import type { Upload } from '../uploads';
import {
  attachmentName,
  describeAttachment,
  outsideStore,
  ReportContent,
  reportBody,
  reportPaths,
  ReportStore,
  safeSegment,
  sha256,
  textOfBody,
} from '../report-store';

export class PgReportStore implements ReportStore {
  constructor(
    private readonly pool: Pool,
    readonly stagingDir: string,
  ) {}

  async adoptUpload(obligation: string, u: Upload): Promise<AttachmentRef> {
    const ref = describeAttachment(u.filename, u.size, u.sha256);
    const content = await fs.promises.readFile(u.file);
    // Content-addressed: the same file twice is one row, and the first one stays.
    await this.pool.query(
      'INSERT INTO attachments (obligation, name, sha256, size, content) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (obligation, name) DO NOTHING',
      [safeSegment(obligation), attachmentName(ref), ref.sha256, ref.size, content],
    );
    await fs.promises.rm(u.file, { force: true });
    return ref;
  }

  async putReport(obligation: string, receipt: string, report: ReportContent): Promise<ReportRef> {
    const rel = reportPaths.receipt(obligation, receipt);
    const body = reportBody(obligation, { receipt, ...report });
    await this.insertReport(rel, obligation, body);
    const stored = (await this.body(rel))!; // a retry keeps the first
    return { receipt, path: rel, sha256: sha256(stored), bytes: stored.length, attachments: report.attachments };
  }

  async putSubmission(obligation: string, report: ReportContent & { by: string }): Promise<StoredReport> {
    const body = reportBody(obligation, report);
    const digest = sha256(body);
    const rel = reportPaths.submission(obligation, digest);
    await this.insertReport(rel, obligation, body);
    return { path: rel, sha256: digest, bytes: body.length, chars: report.text.length, excerpt: excerptOf(report.text) };
  }

  async read(ref: Pick<ReportRef, 'path'>): Promise<string> {
    const body = await this.body(storeKey(ref.path));
    if (!body) throw new Error(`report ${ref.path} is not in the store`);
    return body.toString('utf8');
  }

  async textOf(ref: Pick<ReportRef, 'path'>): Promise<string | undefined> {
    try {
      return textOfBody(await this.read(ref));
    } catch {
      return undefined;
    }
  }

  async attachment(obligation: string, a: AttachmentRef): Promise<Buffer> {
    const content = await this.attachmentIfStored(obligation, a);
    if (!content) throw new Error(`attachment ${a.sha256} of ${obligation} is not in the store`);
    return content;
  }

  async attachmentIfStored(obligation: string, a: AttachmentRef): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ content: Buffer }>('SELECT content FROM attachments WHERE obligation = $1 AND name = $2', [
      safeSegment(obligation),
      attachmentName(a),
    ]);
    return rows[0]?.content;
  }

  async hasAttachment(obligation: string, a: AttachmentRef): Promise<boolean> {
    const { rows } = await this.pool.query('SELECT 1 FROM attachments WHERE obligation = $1 AND name = $2', [
      safeSegment(obligation),
      attachmentName(a),
    ]);
    return rows.length > 0;
  }

  private async insertReport(rel: string, obligation: string, body: Buffer): Promise<void> {
    await this.pool.query('INSERT INTO reports (path, obligation, sha256, body) VALUES ($1, $2, $3, $4) ON CONFLICT (path) DO NOTHING', [
      rel,
      safeSegment(obligation),
      sha256(body),
      body,
    ]);
  }

  private async body(rel: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<{ body: Buffer }>('SELECT body FROM reports WHERE path = $1', [rel]);
    return rows[0]?.body;
  }
}

/** A reference's path as stored, refused (as the embedded store refuses it) when it would leave the store. */
function storeKey(rel: string): string {
  const norm = path.posix.normalize(String(rel).replace(/\\/g, '/'));
  if (path.posix.isAbsolute(norm) || norm === '.' || norm === '..' || norm.startsWith('../')) throw outsideStore();
  return norm;
}
