// Submitted reports, kept durably outside Temporal's history: the report (text and figures) and each
// attachment of an obligation, each named by its sha256; workflows keep the reference. Content-addressed and
// never removed: a refused submission cannot take away what another refers to. Embedded: files under
// data/reports (local/); shared: rows in PostgreSQL (postgres/). Uploads are staged to a local file either way.
import crypto from 'node:crypto';
import path from 'node:path';
import { DomainError } from '../domain/errors';
import type { AttachmentRef, ReportRef, StoredReport } from '../domain/obligation/report';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/obligation/report';
import type { Upload } from './uploads';

export interface ReportContent {
  text: string;
  figures: Record<string, number>;
  attachments: AttachmentRef[];
}

export interface ReportStore {
  /** Where uploads are staged (a local folder) before the store adopts them. */
  readonly stagingDir: string;
  /** Takes a staged upload into the store under its digest (refused when not allowed); the staged file goes. */
  adoptUpload(obligation: string, u: Upload): Promise<AttachmentRef>;
  /** Stores the report of one submission (worker side, older clients); storing the same receipt twice keeps the first. */
  putReport(obligation: string, receipt: string, report: ReportContent): Promise<ReportRef>;
  /** Stores a report before it is submitted, under its own digest: the client sends the workflow this reference. */
  putSubmission(obligation: string, report: ReportContent & { by: string }): Promise<StoredReport>;
  /** The stored report's JSON; refused when the path would leave the store, throws when it is not there. */
  read(ref: Pick<ReportRef, 'path'>): Promise<string>;
  /** The text of a stored report, or undefined when the store does not have it. */
  textOf(ref: Pick<ReportRef, 'path'>): Promise<string | undefined>;
  attachment(obligation: string, a: AttachmentRef): Promise<Buffer>;
  /** The attachment's content, or undefined when the store does not have it. */
  attachmentIfStored(obligation: string, a: AttachmentRef): Promise<Buffer | undefined>;
  hasAttachment(obligation: string, a: AttachmentRef): Promise<boolean>;
}

export const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
/** An obligation id or receipt as one path segment. */
export const safeSegment = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** The reference an attachment would get, or the Chinese refusal of its type or size; stores nothing. */
export function describeAttachment(filename: string, size: number, digest: string): AttachmentRef {
  const ext = path.extname(filename).toLowerCase();
  const type = ALLOWED_ATTACHMENT_TYPES[ext];
  if (!type) {
    throw new DomainError(
      `不支持的附件类型 ${ext || '（无扩展名）'}，可上传：${Object.keys(ALLOWED_ATTACHMENT_TYPES).join(' ')}`,
      `attachment type ${ext} not allowed`,
    );
  }
  if (size > MAX_ATTACHMENT_BYTES) {
    throw new DomainError(
      `附件 ${filename} 过大（${(size / 1048576).toFixed(1)} MB，上限 ${MAX_ATTACHMENT_BYTES / 1048576} MB）`,
      'attachment too large',
    );
  }
  if (size === 0) throw new DomainError(`附件 ${filename} 是空文件`, 'attachment is empty');
  return { filename, contentType: type, size, sha256: digest };
}

/**
 * The obligation whose folder holds a stored report and its attachments: the first segment of the report's path.
 * A report filed for several duties at once lives under the first of them.
 */
export const reportOwner = (ref: Pick<ReportRef, 'path'>): string => ref.path.split('/')[0];

/** Where each kind of stored report lives, relative to the store: the same references in both stores. */
export const reportPaths = {
  receipt: (obligation: string, receipt: string) => `${safeSegment(obligation)}/${safeSegment(receipt)}/report.json`,
  submission: (obligation: string, digest: string) => `${safeSegment(obligation)}/reports/${digest}.json`,
};

/** The body a report is stored as (its digest is the submission's name). */
export function reportBody(obligation: string, fields: object): Buffer {
  return Buffer.from(JSON.stringify({ obligation, ...fields }, null, 2), 'utf8');
}

/** An attachment's stored name: its digest and its extension. */
export const attachmentName = (a: Pick<AttachmentRef, 'sha256' | 'filename'>) => `${a.sha256}${path.extname(a.filename).toLowerCase()}`;

export const outsideStore = () => new DomainError('报告存储路径无效', 'report path outside the store');

/** Text of a stored report's JSON, undefined when it has none. */
export function textOfBody(json: string): string | undefined {
  const text = (JSON.parse(json) as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}
