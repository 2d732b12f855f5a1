// The embedded link versions: a small JSON file in the data folder (unit-links.json), shared by the worker,
// the portal, the board and the CLI of one host; re-read whenever it changes, so no restart is needed.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../config/paths';
import type { LinkVersions } from '../link-versions';
import { writeFileDurably } from './durable-file';

interface Entry {
  version: number;
  revokedAt: string;
  by: string;
}

export function linkVersionsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'unit-links.json');
}

export class FileLinkVersions implements LinkVersions {
  private units: Record<string, Entry> = {};
  private seen = '';

  constructor(readonly file: string) {}

  async of(unit: string): Promise<number> {
    this.refresh();
    return this.units[unit]?.version ?? 0;
  }

  async all(): Promise<Record<string, number>> {
    this.refresh();
    return Object.fromEntries(Object.entries(this.units).map(([unit, e]) => [unit, e.version]));
  }

  async revoke(unit: string, by: string, nowMs: number): Promise<number> {
    this.refresh();
    const version = (this.units[unit]?.version ?? 0) + 1;
    const units = { ...this.units, [unit]: { version, revokedAt: new Date(nowMs).toISOString(), by } };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileDurably(this.file, JSON.stringify({ units }, null, 2) + '\n');
    this.units = units;
    this.seen = '';
    return version;
  }

  private refresh(): void {
    let version: string;
    try {
      const st = fs.statSync(this.file);
      version = `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      this.units = {};
      this.seen = 'missing';
      return;
    }
    if (version === this.seen) return;
    const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { units?: Record<string, Entry> };
    this.units = parsed.units ?? {};
    this.seen = version;
  }
}
