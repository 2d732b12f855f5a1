// The shipped plan and directory texts, and a way to load altered copies of them.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { loadPlan } from '../../domain/plan/load';
import { formatIssue, PlanFileError } from '../../domain/plan/issues';

export const PLAN_FILE = 'plans/jiangmen-2024.yaml';
export const DIRECTORY_FILE = 'plans/directory.yaml';
export const planText = fs.readFileSync(path.join(PROJECT_ROOT, PLAN_FILE), 'utf8');
export const directoryText = fs.readFileSync(path.join(PROJECT_ROOT, DIRECTORY_FILE), 'utf8');
export const noticeText = fs.readFileSync(path.join(PROJECT_ROOT, 'plans/sources/plan-notice-jiangmen-2024.txt'), 'utf8');

export function loadShipped(year?: number) {
  return loadPlan({ file: PLAN_FILE, text: planText }, { file: DIRECTORY_FILE, text: directoryText }, { year });
}

/** Replaces exactly one occurrence of `from` (it must exist once) in `text`. */
export function alter(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the first occurrence of `needle`. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" not found`);
  return text.slice(0, at).split('\n').length;
}

/** The formatted issues a plan/directory pair is refused with ([] when it loads). */
export function refusals(plan: string, directory: string): string[] {
  try {
    loadPlan({ file: PLAN_FILE, text: plan }, { file: DIRECTORY_FILE, text: directory });
    return [];
  } catch (err) {
    if (err instanceof PlanFileError) return err.issues.map(formatIssue);
    throw err;
  }
}
