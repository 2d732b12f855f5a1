// Every file duban keeps in the data folder is written the same way: to a temporary name beside it, flushed to
// disk, then renamed over the old one. A reader sees the old file or the new, never half of one; a crash or a full
// disk leaves no half-written file and no temporary one behind.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from '../../config/paths';

export function writeFileDurably(file: string, content: string | Buffer, mode = PRIVATE_FILE_MODE): void {
  // A unique temporary name: concurrent writers of the same file never trip over each other.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
