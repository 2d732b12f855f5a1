// What the embedded default holds in a data folder, read for copying it elsewhere (`duban store migrate`): each
// kind as rows with a key (what identifies it in the database too) and, for reports and attachments, the sha256 of
// their content. Read only: nothing in the folder is changed, so a running deployment can be copied.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sha256 } from '../report-store';

export interface StoredFile {
  /** The report's path, or the attachment's obligation folder and name, relative to reports/. */
  rel: string;
  obligation: string;
  name: string;
  file: string;
  attachment: boolean;
}

/** Every report and attachment file under `root` (data/reports), in a stable order; staged uploads are skipped. */
export function* reportFiles(root: string): Generator<StoredFile> {
  if (!fs.existsSync(root)) return;
  for (const obligation of fs.readdirSync(root).sort()) {
    if (obligation.startsWith('.')) continue;
    const walk = function* (dir: string): Generator<StoredFile> {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.name.startsWith('.')) continue; // a durable write's temporary file
        const file = path.join(dir, e.name);
        if (e.isDirectory()) yield* walk(file);
        else if (e.isFile()) {
          const rel = path.relative(root, file).split(path.sep).join('/');
          const attachment = path.basename(dir) === 'attachments' && path.dirname(dir) === path.join(root, obligation);
          if (attachment || rel.endsWith('.json')) yield { rel, obligation, name: e.name, file, attachment };
        }
      }
    };
    if (fs.statSync(path.join(root, obligation)).isDirectory()) yield* walk(path.join(root, obligation));
  }
}

export const fileDigest = (file: string): { content: Buffer; sha256: string } => {
  const content = fs.readFileSync(file);
  return { content, sha256: sha256(content) };
};

/** The rows of `table` in an SQLite file of the data folder (none when the file or the table is missing). */
export function sqliteRows(file: string, table: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return has ? (db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[]) : [];
  } finally {
    db.close();
  }
}

/** The units' link versions of unit-links.json (none when there is no file). */
export function linkVersionEntries(file: string): { unit: string; version: number; revokedAt: string; by: string }[] {
  if (!fs.existsSync(file)) return [];
  const units = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as { units?: Record<string, { version: number; revokedAt: string; by: string }> }
  ).units;
  return Object.entries(units ?? {}).map(([unit, e]) => ({ unit, ...e }));
}
