// The embedded report store: files under data/reports/<obligation>/ (reports/<sha256>.json, <receipt>/report.json,
// attachments/<sha256>.<ext>), written durably, folders 0700 and files 0600. Uploads are staged in
// reports/.staging, on the same file system, so adopting one is a rename.
import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentRef, ReportRef } from '../../domain/obligation/report';
import type { Upload } from '../uploads';
import { writeFileDurably } from './durable-file';
import { attachmentName, describeAttachment, outsideStore, ReportStore, safeSegment } from '../report-store';
import { KeptReports } from '../kept-reports';

export class LocalReportStore extends KeptReports implements ReportStore {
  constructor(private readonly root: string) {
    super();
  }

  get stagingDir(): string {
    return path.join(this.root, '.staging');
  }

  async adoptUpload(obligation: string, u: Upload): Promise<AttachmentRef> {
    const ref = describeAttachment(u.filename, u.size, u.sha256);
    const dir = path.join(this.root, safeSegment(obligation), 'attachments');
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, attachmentName(ref));
    if (fs.existsSync(file)) await fs.promises.rm(u.file, { force: true });
    else await fs.promises.rename(u.file, file);
    return ref;
  }

  protected async keep(rel: string, _obligation: string, body: Buffer): Promise<void> {
    const file = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) writeFileDurably(file, body);
  }

  protected async body(rel: string): Promise<Buffer | undefined> {
    return fs.promises.readFile(path.join(this.root, rel));
  }

  async read(ref: Pick<ReportRef, 'path'>): Promise<string> {
    return fs.promises.readFile(this.within(ref.path), 'utf8');
  }

  async attachment(obligation: string, a: AttachmentRef): Promise<Buffer> {
    return fs.promises.readFile(this.attachmentPath(obligation, a));
  }

  async attachmentIfStored(obligation: string, a: AttachmentRef): Promise<Buffer | undefined> {
    const file = this.attachmentPath(obligation, a);
    return fs.existsSync(file) ? fs.promises.readFile(file) : undefined;
  }

  async hasAttachment(obligation: string, a: AttachmentRef): Promise<boolean> {
    return fs.existsSync(this.attachmentPath(obligation, a));
  }

  /** A path from a reference, refused when it would leave the store. */
  private within(rel: string): string {
    const file = path.resolve(this.root, rel);
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw outsideStore();
    return file;
  }

  private attachmentPath(obligation: string, a: AttachmentRef): string {
    return path.join(this.root, safeSegment(obligation), 'attachments', attachmentName(a));
  }
}
