// Submitted reports, kept durably outside Temporal's history: the report (text and figures) and each
// attachment under data/reports/<obligation>/, each named by its sha256. Workflows keep the reference.
// Files are content-addressed and never removed: a refused submission cannot take away what another refers to.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../domain/errors';
import type { AttachmentRef, ReportRef, StoredReport } from '../../domain/obligation/report';
import { excerptOf } from '../../domain/obligation/limits';
import type { Upload } from './upload';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../domain/obligation/report';

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export class ReportStore {
  constructor(private readonly root: string) {}

  /** Where uploads are staged before they are adopted (same file system, so adoption is a rename). */
  get stagingDir(): string {
    return path.join(this.root, '.staging');
  }

  /**
   * Takes a staged upload into the store under its digest (refused when not allowed). Content-addressed: the
   * same file twice is one file, and no file is ever removed, so a refused submission cannot take away a
   * file another report refers to.
   */
  async adoptUpload(obligation: string, u: Upload): Promise<AttachmentRef> {
    const ref = ReportStore.describe(u.filename, u.size, u.sha256);
    const dir = path.join(this.root, safe(obligation), 'attachments');
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${ref.sha256}${path.extname(u.filename).toLowerCase()}`);
    if (fs.existsSync(file)) await fs.promises.rm(u.file, { force: true });
    else await fs.promises.rename(u.file, file);
    return ref;
  }

  /** The reference an attachment would get, or the Chinese refusal of its type or size; stores nothing. */
  static describe(filename: string, size: number, digest: string): AttachmentRef {
    const ext = path.extname(filename).toLowerCase();
    const type = ALLOWED_ATTACHMENT_TYPES[ext];
    if (!type) {
      throw new DomainError(`不支持的附件类型 ${ext || '（无扩展名）'}，可上传：${Object.keys(ALLOWED_ATTACHMENT_TYPES).join(' ')}`, `attachment type ${ext} not allowed`);
    }
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new DomainError(`附件 ${filename} 过大（${(size / 1048576).toFixed(1)} MB，上限 ${MAX_ATTACHMENT_BYTES / 1048576} MB）`, 'attachment too large');
    }
    if (size === 0) throw new DomainError(`附件 ${filename} 是空文件`, 'attachment is empty');
    return { filename, contentType: type, size, sha256: digest };
  }

  /** Stores the report of one submission; storing the same receipt twice (a retry) keeps the first. */
  putReport(obligation: string, receipt: string, report: { text: string; figures: Record<string, number>; attachments: AttachmentRef[] }): ReportRef {
    const body = JSON.stringify({ obligation, receipt, ...report }, null, 2);
    const dir = path.join(this.root, safe(obligation), safe(receipt));
    const file = path.join(dir, 'report.json');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) writeDurably(file, body);
    const stored = fs.readFileSync(file);
    return { receipt, path: path.relative(this.root, file), sha256: sha256(stored), bytes: stored.length, attachments: report.attachments };
  }

  /**
   * Stores a report before it is submitted, under its own digest (the same report twice is one file): the
   * client sends the workflow this reference, never the text.
   */
  putSubmission(obligation: string, report: { by: string; text: string; figures: Record<string, number>; attachments: AttachmentRef[] }): StoredReport {
    const body = Buffer.from(JSON.stringify({ obligation, ...report }, null, 2), 'utf8');
    const digest = sha256(body);
    const dir = path.join(this.root, safe(obligation), 'reports');
    const file = path.join(dir, `${digest}.json`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) writeDurably(file, body);
    return { path: path.relative(this.root, file), sha256: digest, bytes: body.length, chars: report.text.length, excerpt: excerptOf(report.text) };
  }

  read(ref: Pick<ReportRef, 'path'>): string {
    return fs.readFileSync(this.within(ref.path), 'utf8');
  }

  /** The text of a stored report, or undefined when this machine's store does not have it. */
  textOf(ref: Pick<ReportRef, 'path'>): string | undefined {
    try {
      const text = (JSON.parse(this.read(ref)) as { text?: unknown }).text;
      return typeof text === 'string' ? text : undefined;
    } catch {
      return undefined;
    }
  }

  /** A path from a reference, refused when it would leave the store. */
  private within(rel: string): string {
    const file = path.resolve(this.root, rel);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new DomainError('报告存储路径无效', 'report path outside the store');
    return file;
  }

  attachment(obligation: string, a: AttachmentRef): Buffer {
    return fs.readFileSync(this.attachmentPath(obligation, a));
  }

  /** The attachment's content, or undefined when this machine's store does not have it. */
  attachmentIfStored(obligation: string, a: AttachmentRef): Buffer | undefined {
    const file = this.attachmentPath(obligation, a);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  }

  hasAttachment(obligation: string, a: AttachmentRef): boolean {
    return fs.existsSync(this.attachmentPath(obligation, a));
  }

  private attachmentPath(obligation: string, a: AttachmentRef): string {
    return path.join(this.root, safe(obligation), 'attachments', `${a.sha256}${path.extname(a.filename).toLowerCase()}`);
  }
}

/** Write to a temporary file, fsync, rename: a crash never leaves half a report. */
function writeDurably(file: string, content: Buffer | string): void {
  // A unique temporary name: concurrent writers of the same content never trip over each other.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600); // reports are this OS user's only
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
