// The embedded plan files: data/plans/<plan id>.yaml, each written durably (a temporary file, fsync, rename), so
// a crash never leaves half a plan; `duban start data/plans/<plan id>.yaml` reads the same file.
import fs from 'node:fs';
import path from 'node:path';
import { PlanFiles, planName } from '../plan-files';
import { writeFileDurably } from './durable-file';

export class LocalPlanFiles implements PlanFiles {
  constructor(readonly dir: string) {}

  /** The file a plan of this name is kept in. */
  fileOf(name: string): string {
    return path.join(this.dir, `${planName(name)}.yaml`);
  }

  async put(name: string, text: string): Promise<void> {
    const file = this.fileOf(name);
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    writeFileDurably(file, text);
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return await fs.promises.readFile(this.fileOf(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async list(): Promise<string[]> {
    if (!fs.existsSync(this.dir)) return [];
    return (await fs.promises.readdir(this.dir))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .filter((n) => /^[a-z][a-z0-9-]{0,63}$/.test(n))
      .sort();
  }

  async remove(name: string): Promise<void> {
    await fs.promises.rm(this.fileOf(name), { force: true });
  }
}
