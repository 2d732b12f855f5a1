// Problems found in a plan or directory file, each pinned to a file, line and field path, in Chinese and English.

export type FieldPath = (string | number)[];

export interface PlanIssue {
  file: string;
  line?: number;
  /** e.g. tasks[3].duties[0].due */
  path: string;
  zh: string;
  en: string;
}

/** A user's file that cannot be used; carries every issue found, not just the first. */
export class PlanFileError extends Error {
  constructor(readonly issues: PlanIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'PlanFileError';
  }
}

export function formatPath(path: FieldPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** `plans/x.yaml:12 tasks[3].due: 中文说明 (English explanation)` */
export function formatIssue(i: PlanIssue): string {
  const where = i.line ? `${i.file}:${i.line}` : i.file;
  return `${where} ${i.path || '(文件)'}: ${i.zh} (${i.en})`;
}
