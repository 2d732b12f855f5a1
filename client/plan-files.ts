// Reads a plan file and its directory from disk for the CLI and the start command.
import fs from 'node:fs';
import path from 'node:path';
import { loadPlan, LoadedPlan, readPlanFile } from '../domain/plan/load';
import { AppError } from './errors';
import { readCalendarFile } from '../domain/calendar/arrangement';

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
  const directoryFile = opts.directory ?? directoryOfPlan(plan);
  const calendarFile = calendarFileOf(directoryFile);
  const holidays = fs.existsSync(calendarFile) ? readCalendarFile(readText(calendarFile), calendarFile) : undefined;
  return loadPlan(plan, { file: directoryFile, text: readText(directoryFile) }, { year: opts.year, holidays, calendarFile });
}

/** The directory a plan file names (default: directory.yaml beside it). */
export function directoryOfPlan(plan: { file: string; text?: string }): string {
  const named = readPlanFile({ file: plan.file, text: plan.text ?? readText(plan.file) }).directory ?? 'directory.yaml';
  return path.join(path.dirname(plan.file), named);
}

/** The office's holiday arrangements (节假日安排) are kept in calendar.yaml beside the directory. */
export function calendarFileOf(directoryFile: string): string {
  return path.join(path.dirname(directoryFile), 'calendar.yaml');
}
