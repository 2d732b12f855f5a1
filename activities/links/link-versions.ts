// Each unit's link version: revoking a unit's links (from the board or `duban unit-link revoke`) bumps it,
// and every link signed with an older version stops opening the portal. Kept in a small JSON file in the
// data folder (unit-links.json), shared by the worker (which signs notices' links), the portal (which
// checks them), the board and the CLI; re-read whenever it changes, so no restart is needed.
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../../config/paths';

interface Entry {
  version: number;
  revokedAt: string;
  by: string;
}

export function linkVersionsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'unit-links.json');
}

export class LinkVersions {
  private units: Record<string, Entry> = {};
  private seen = '';

  constructor(readonly file: string) {}

  /** The unit's current version (0 until its links are first revoked). */
  of(unit: string): number {
    this.refresh();
    return this.units[unit]?.version ?? 0;
  }

  /** Revokes every link of `unit` signed so far; returns the new version. */
  revoke(unit: string, by: string, nowMs: number): number {
    this.refresh();
    const version = (this.units[unit]?.version ?? 0) + 1;
    const units = { ...this.units, [unit]: { version, revokedAt: new Date(nowMs).toISOString(), by } };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ units }, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, this.file);
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
