// An uploaded attachment on its way into the report store: streamed to a private temporary file while it is
// hashed and measured, so a 20 MB file never sits whole in memory, and only its first bytes are kept for the
// content check. The store adopts it (a rename, or an insert into PostgreSQL) once the report is accepted.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { boundedAttachmentName } from '../domain/obligation/attachment-name';

/** Bytes kept in memory to tell the file's real type (see app/attachment-content.ts). */
export const HEAD_BYTES = 64 * 1024;

export interface Upload {
  filename: string;
  size: number;
  sha256: string;
  /** The file's first bytes, for the content check. */
  head: Buffer;
  /** The staged temporary file. */
  file: string;
}

/** Streams `source` into a temporary file under `stagingDir`; the stream's own errors (a size limit) pass through. */
export async function stageUpload(stagingDir: string, filename: string, source: Readable): Promise<Upload> {
  fs.mkdirSync(stagingDir, { recursive: true, mode: 0o700 });
  const file = path.join(stagingDir, `${Date.now()}-${crypto.randomBytes(8).toString('hex')}.upload`);
  const hash = crypto.createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  let kept = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (kept < HEAD_BYTES) {
        const part = chunk.subarray(0, HEAD_BYTES - kept);
        head.push(Buffer.from(part));
        kept += part.length;
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, fs.createWriteStream(file, { mode: 0o600 }));
    const fh = await fs.promises.open(file, 'r+');
    try {
      await fh.sync(); // durable before any workflow refers to it
    } finally {
      await fh.close();
    }
  } catch (err) {
    await discardUpload({ file });
    throw err;
  }
  // The name as it is stored and shown: no folder part, control or text-reordering characters, bounded length.
  return { filename: boundedAttachmentName(filename), size, sha256: hash.digest('hex'), head: Buffer.concat(head), file };
}

/** A file already on disk (the CLI's --attach), staged the same way. */
export function stageFile(stagingDir: string, filename: string, source: string): Promise<Upload> {
  return stageUpload(stagingDir, filename, fs.createReadStream(source));
}

/** Removes a staged file that was not adopted (a refused submission): it was never the store's. */
export async function discardUpload(u: Pick<Upload, 'file'>): Promise<void> {
  await fs.promises.rm(u.file, { force: true });
}
