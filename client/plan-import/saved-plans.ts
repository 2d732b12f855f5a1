// A plan saved by 导入方案, read back from the plan-file store (data/plans/, or the database with
// DUBAN_DATABASE_URL) and loaded as `duban start` loads a plan file: with the office's directory and its
// calendar.yaml, which stay files. The text is named as if it lay in data/plans/, so its relative directory
// reference and every check message read as for the file.
import fs from 'node:fs';
import path from 'node:path';
import type { PlanFiles } from '../../store/plan-files';
import type { LoadedPlan } from '../../domain/plan/load';
import { loadPlan } from '../../domain/plan/load';
import { readCalendarFile } from '../../domain/calendar/arrangement';
import { calendarFileOf } from '../plan-files';
import { AppError, NotFound } from '../errors';

export async function loadSavedPlan(store: PlanFiles, planId: string, opts: { plansDir: string; directory: string }): Promise<LoadedPlan> {
  const text = await store.get(planId);
  if (text === undefined) throw new NotFound(`找不到方案文件 ${planId}.yaml：请重新保存方案后再启动。`);
  if (!fs.existsSync(opts.directory))
    throw new AppError(`找不到单位名录 ${path.basename(opts.directory)}：请在通讯录页面保存单位名录后再启动。`);
  const calendarFile = calendarFileOf(opts.directory);
  const holidays = fs.existsSync(calendarFile) ? readCalendarFile(fs.readFileSync(calendarFile, 'utf8'), calendarFile) : undefined;
  return loadPlan(
    { file: path.join(opts.plansDir, `${planId}.yaml`), text },
    { file: opts.directory, text: fs.readFileSync(opts.directory, 'utf8') },
    { holidays, calendarFile },
  );
}
