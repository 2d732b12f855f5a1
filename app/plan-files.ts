// Reads a plan file and its directory from disk for the CLI and the start command.
import fs from 'node:fs';
import path from 'node:path';
import { loadPlan, LoadedPlan, readPlanFile } from '../domain/plan/load';
import { AppError } from './errors';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? `找不到文件 ${file}` : `无法读取文件 ${file}（${code}）`);
  }
}

/**
 * Loads `planFile` with the directory it names (default: directory.yaml beside it), or `directoryFile`.
 * Throws PlanFileError (every problem with file, line, field) or AppError (missing file).
 */
export function loadPlanFromDisk(planFile: string, opts: { directory?: string; year?: number } = {}): LoadedPlan {
  const plan = { file: planFile, text: readText(planFile) };
  const named = readPlanFile(plan).directory ?? 'directory.yaml';
  const directoryFile = opts.directory ?? path.join(path.dirname(planFile), named);
  return loadPlan(plan, { file: directoryFile, text: readText(directoryFile) }, { year: opts.year });
}
