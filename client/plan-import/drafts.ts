// The board's plan imports in progress, kept in the data folder so a reload or a restart loses nothing:
// plan-drafts/<random id>/ holds the notice as uploaded, its lines, the draft, the supervisor's edits and what
// happened to it (saved as a plan file, started). The finished plan goes to the plan-file store (store/plan-files.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { draftPlan, Draft } from '../../domain/draft/draft';
import type { NoticeLine } from '../../domain/draft/text';
import { buildDirectory, Directory } from '../../domain/plan/directory';
import { directorySchema } from '../../domain/plan/schema';
import { readYaml, validate } from '../../domain/plan/yaml-source';
import { PlanFileError } from '../../domain/plan/issues';
import { checkAttachmentContent } from '../attachment-content';
import { DomainError } from '../../domain/errors';
import { MAX_NOTICE_BYTES, readNotice } from '../notice/read';
import { mkdirPrivate } from '../../config/paths';
import { AppError, NotFound } from '../errors';
import type { Values } from './settle';
import { writeFileDurably } from '../../store/local/durable-file';

export const NOTICE_TYPES = ['.docx', '.pdf', '.txt', '.html', '.htm'];
export { MAX_NOTICE_BYTES };
/** Pasted text: at most this many characters. */
export const MAX_PASTED_CHARS = 500_000;
const ID = /^[0-9a-f]{24}$/;

export interface ImportMeta {
  id: string;
  by: string;
  at: string;
  /** The notice's name as uploaded ('粘贴的文字' for pasted text). */
  notice: string;
  noticeFile: string;
  /** Set once the plan file is saved. */
  planFile?: string;
  planId?: string;
  started?: { at: string; by: string; rounds: number; obligations: number };
  startError?: string;
}

export interface ImportDraft {
  meta: ImportMeta;
  lines: NoticeLine[];
  draft: Draft;
  edits: Values;
}

export class PlanImports {
  constructor(
    readonly root: string,
    readonly plansDir: string,
  ) {}

  private dir(id: string): string {
    if (!ID.test(id)) throw new NotFound('找不到这份导入：链接有误或已删除');
    return path.join(this.root, id);
  }

  /**
   * Reads the notice (an upload judged by its content, or pasted text), drafts the plan against the directory
   * and keeps all of it under a new id.
   */
  async create(
    by: string,
    notice: { filename: string; bytes: Buffer } | { text: string },
    directoryText: string | undefined,
    now: Date,
  ): Promise<string> {
    let ext: string;
    let bytes: Buffer;
    if ('text' in notice) {
      if (!notice.text.trim()) throw new AppError('请上传通知文件，或粘贴通知全文');
      if (notice.text.length > MAX_PASTED_CHARS) throw new AppError(`粘贴的文字超过 ${MAX_PASTED_CHARS} 字，请上传文件`);
      [ext, bytes] = ['.txt', Buffer.from(notice.text, 'utf8')];
    } else {
      ext = path.extname(notice.filename).toLowerCase();
      if (!NOTICE_TYPES.includes(ext))
        throw new AppError(`不支持的文件类型“${ext || '（无扩展名）'}”：请上传 .docx、.pdf、.txt 或 .html 文件`);
      if (notice.bytes.length === 0) throw new AppError('上传的文件是空的');
      if (notice.bytes.length > MAX_NOTICE_BYTES) throw new AppError('通知文件超过 20 MB，未导入');
      await checkContent(notice.filename, ext, notice.bytes);
      bytes = notice.bytes;
    }
    const id = crypto.randomBytes(12).toString('hex');
    const dir = path.join(this.root, id);
    mkdirPrivate(dir);
    const noticeFile = `notice${ext}`;
    fs.writeFileSync(path.join(dir, noticeFile), bytes);
    try {
      const lines = await readNotice(path.join(dir, noticeFile));
      const draft = draftPlan(lines, { directory: directoryOf(directoryText) });
      const meta: ImportMeta = { id, by, at: now.toISOString(), notice: 'text' in notice ? '粘贴的文字' : notice.filename, noticeFile };
      write(dir, 'lines.json', lines);
      write(dir, 'draft.json', draft);
      write(dir, 'edits.json', {});
      write(dir, 'meta.json', meta);
      return id;
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      // The reader names the file by its path in the data folder: say it by the name the supervisor gave.
      if (err instanceof AppError)
        throw new AppError(err.message.replace(path.join(dir, noticeFile), 'text' in notice ? '（粘贴的文字）' : notice.filename));
      throw err;
    }
  }

  get(id: string): ImportDraft {
    const dir = this.dir(id);
    if (!fs.existsSync(path.join(dir, 'meta.json'))) throw new NotFound('找不到这份导入：链接有误或已删除');
    return { meta: read(dir, 'meta.json'), lines: read(dir, 'lines.json'), draft: read(dir, 'draft.json'), edits: read(dir, 'edits.json') };
  }

  saveEdits(id: string, edits: Values): void {
    write(this.dir(id), 'edits.json', edits);
  }

  saveMeta(meta: ImportMeta): void {
    write(this.dir(meta.id), 'meta.json', meta);
  }

  noticeBytes(id: string): { name: string; bytes: Buffer; file: string } {
    const { meta } = this.get(id);
    return { name: meta.notice, file: meta.noticeFile, bytes: fs.readFileSync(path.join(this.dir(id), meta.noticeFile)) };
  }

  /** The imports, newest first. */
  list(): ImportMeta[] {
    if (!fs.existsSync(this.root)) return [];
    return fs
      .readdirSync(this.root)
      .filter((d) => ID.test(d) && fs.existsSync(path.join(this.root, d, 'meta.json')))
      .map((d) => read<ImportMeta>(path.join(this.root, d), 'meta.json'))
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Where a plan of this id is saved. */
  planFileOf(planId: string): string {
    return path.join(this.plansDir, `${planId}.yaml`);
  }
}

function write(dir: string, name: string, value: unknown): void {
  writeFileDurably(path.join(dir, name), JSON.stringify(value));
}
const read = <T>(dir: string, name: string): T => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as T;

/** Word and PDF files are judged by their leading bytes, as report attachments are; text and web pages must be text. */
async function checkContent(filename: string, ext: string, bytes: Buffer): Promise<void> {
  if (ext === '.docx' || ext === '.pdf') {
    try {
      await checkAttachmentContent(filename, bytes);
    } catch (err) {
      if (err instanceof DomainError) throw new AppError(err.zh.replace('附件', '通知文件'));
      throw err;
    }
  } else if (bytes.subarray(0, 8192).includes(0))
    throw new AppError(`通知文件“${filename}”的内容不是文字（实际为二进制文件），请上传真实的 ${ext} 文件`);
}

/** The directory the drafter matches unit names against; none when it is missing or broken (every name is then unknown). */
function directoryOf(text: string | undefined): Directory | undefined {
  if (text === undefined) return undefined;
  try {
    const src = readYaml(text, 'directory.yaml');
    return buildDirectory(validate(src, directorySchema), src);
  } catch (err) {
    if (err instanceof PlanFileError || err instanceof DomainError) return undefined;
    throw err;
  }
}
