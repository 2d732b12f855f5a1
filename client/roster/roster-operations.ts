// Importing a roster into a directory file and exporting a directory as a roster: what `duban directory` and the
// board's 通讯录 page share. Nothing is written unless the whole roster and the resulting directory are good.
import fs from 'node:fs';
import path from 'node:path';
import { readRoster, RosterError } from '../../domain/roster/roster';
import {
  directoryToRows,
  mergeIntoDirectory,
  newDirectory,
  NewDirectoryOptions,
  RosterDirectoryError,
  RosterResult,
  checked,
} from '../../domain/roster/roster-directory';
import { formatIssue, PlanFileError } from '../../domain/plan/issues';
import { AppError } from '../errors';
import { readRosterGrid, rosterWorkbook, RosterFormat } from './roster-files';
import { writeFileDurably } from '../../store/local/durable-file';

/** A roster or the directory it would make is refused: every problem, one Chinese line each. */
export class RosterRefused extends AppError {
  constructor(readonly problems: string[]) {
    super(`名册有 ${problems.length} 处问题，未导入，未写入任何文件：\n${problems.join('\n')}`);
  }
}

export interface ImportOptions extends NewDirectoryOptions {
  /** The sheet to read (default the first). */
  sheet?: string;
  /** Name given to a CSV's sheet in messages (default 通讯录). */
  name?: string;
  /** The directory file to write or merge into; its current text when it exists. */
  out: string;
  existing?: string;
  prune?: boolean;
}

/** The directory the roster makes (a new one, or `existing` merged), checked; nothing is written. */
export async function planRosterImport(bytes: Buffer, opts: ImportOptions): Promise<RosterResult & { merged: boolean }> {
  const grid = await readRosterGrid(bytes, { sheet: opts.sheet, name: opts.name });
  try {
    const roster = readRoster(grid);
    if (opts.existing !== undefined)
      return { ...mergeIntoDirectory(opts.existing, roster, { prune: opts.prune, file: opts.out }), merged: true };
    return { ...newDirectory(roster, opts, opts.out), merged: false };
  } catch (err) {
    if (err instanceof RosterError) throw new RosterRefused(err.problems.map((p) => `${p.at}：${p.zh}`));
    if (err instanceof RosterDirectoryError) throw new RosterRefused(err.problems);
    if (err instanceof PlanFileError) throw new RosterRefused(err.issues.map((i) => formatIssue(i)));
    throw err;
  }
}

/** Reads the roster file and writes (or merges into) `out`; returns what changed. */
export async function importRosterFile(file: string, opts: Omit<ImportOptions, 'existing'>): Promise<RosterResult & { merged: boolean }> {
  const bytes = readBytes(file);
  const existing = fs.existsSync(opts.out) ? fs.readFileSync(opts.out, 'utf8') : undefined;
  const name = opts.name ?? path.basename(file, path.extname(file));
  const result = await planRosterImport(bytes, { ...opts, name, existing });
  if (result.changes.length || existing === undefined) writeAtomically(opts.out, result.text);
  return result;
}

/** The directory `file` as a roster workbook. */
export async function exportRoster(file: string, format: RosterFormat): Promise<{ bytes: Buffer; units: number }> {
  let dir;
  try {
    dir = checked(readBytes(file).toString('utf8'), file);
  } catch (err) {
    if (err instanceof PlanFileError) throw new RosterRefused(err.issues.map((i) => formatIssue(i)));
    throw err;
  }
  const rows = directoryToRows(dir);
  return { bytes: await rosterWorkbook(rows, format), units: dir.units.length };
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? `找不到文件 ${file}` : `无法读取文件 ${file}（${code}）`);
  }
}

/** Written whole or not at all: a reader never sees half a directory. */
export function writeAtomically(file: string, content: string | Buffer): void {
  writeFileDurably(file, content, 0o644);
}
