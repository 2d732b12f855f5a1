// The report store in PostgreSQL: report JSON and attachments as bytea rows, under the same relative paths
// and digests as the embedded store's files, so references are the same in both. Uploads are staged to a
// local private folder (streamed, hashed, checked), then read once and inserted; rows are never removed.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import type { AttachmentRef, ReportRef } from '../../domain/obligation/report';
import type { Upload } from '../uploads';
import { attachmentName, describeAttachment, outsideStore, ReportStore, safeSegment, sha256 } from '../report-store';
import { KeptReports } from '../kept-reports';

export class PgReportStore extends KeptReports implements ReportStore {
  constructor(
    private readonly pool: Pool,
    readonly stagingDir: string,
  ) {
    super();
  }

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

  async read(ref: Pick<ReportRef, 'path'>): Promise<string> {
    const body = await this.body(storeKey(ref.path));
    if (!body) throw new Error(`report ${ref.path} is not in the store`);
    return body.toString('utf8');
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

  protected async keep(rel: string, obligation: string, body: Buffer): Promise<void> {
    await this.pool.query('INSERT INTO reports (path, obligation, sha256, body) VALUES ($1, $2, $3, $4) ON CONFLICT (path) DO NOTHING', [
      rel,
      safeSegment(obligation),
      sha256(body),
      body,
    ]);
  }

  protected async body(rel: string): Promise<Buffer | undefined> {
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
