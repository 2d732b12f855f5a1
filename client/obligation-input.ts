// What the obligation commands read from the command line: which obligation (its id, or plan/task/unit/duty
// looked up in the ledger), dates, figures, report text and the units of a 回头看. Errors are Chinese lines.
import fs from 'node:fs';
import { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { readDue } from '../domain/calendar/deadline';
import type { ObligationTarget } from '../domain/plan/obligations';
import type { LookBackRequest } from '../domain/obligation/rounds';
import { MAX_ATTACHMENTS } from '../domain/obligation/report';
import { isValidFigure, MAX_FIGURE, MAX_NAME_CHARS, MAX_REASON_CHARS } from '../domain/obligation/limits';
import { planLedgerOf, resolvePlan } from './plan-runs';
import { AppError } from './errors';

export interface TargetOptions {
  plan?: string;
  task?: number;
  unit?: string;
  duty?: string;
}

/** `[obligation-id]`, or --plan/--task/--unit/--duty instead of it. */
export function obligationTarget(cmd: Command): Command {
  return cmd
    .argument('[obligation-id]', '报送事项编号，如 tiny-2027.t1.cleanup.yi（也可改用 --task 和 --unit 指明）')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--task <n>', '任务序号', positiveInt)
    .option('--unit <name>', '责任单位，如 乙局')
    .option('--duty <duty>', '报送事项（编号或名称），同一任务同一单位有多项时用');
}

/** The obligation's workflow id: the id given, or the one ledger row matching plan/task/unit/duty. */
export async function resolveObligation(client: Client, id: string | undefined, o: TargetOptions): Promise<string> {
  const byFields = o.task !== undefined || o.unit !== undefined || o.duty !== undefined;
  if (id) {
    if (byFields || o.plan) throw new AppError('请只用报送事项编号，或只用 --plan/--task/--unit/--duty，二者不能同时使用');
    return id;
  }
  if (!o.unit) throw new AppError('请给出报送事项编号，或用 --unit（及 --task、--duty）指明报送事项');
  const plan = await resolvePlan(client, o.plan);
  const rows = (await planLedgerOf(client, plan)).filter(
    (r) =>
      r.unit === o.unit &&
      (o.task === undefined || r.task === o.task) &&
      (o.duty === undefined || r.dutyId === o.duty || r.duty === o.duty),
  );
  const asked = [o.task !== undefined ? `任务 ${o.task}` : '', `单位 ${o.unit}`, o.duty ? `事项 ${o.duty}` : ''].filter(Boolean).join('、');
  if (rows.length === 0) throw new AppError(`方案 ${plan} 中没有符合条件的报送事项（${asked}）`);
  if (rows.length > 1) {
    const ids = rows.map((r) => r.id).sort();
    const shown = ids.length > 6 ? `${ids.slice(0, 6).join('、')} 等` : ids.join('、');
    throw new AppError(`有 ${rows.length} 项报送事项符合条件（${asked}），请用 --task、--duty 或编号指明：${shown}`);
  }
  return rows[0].id;
}

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new AppError(`--task 应为正整数，收到 "${v}"`);
  return n;
}

/** --due: a date (end of that day, Beijing time) or a full time; kept as typed, the workflow reads it the same way. */
export function dueOption(v: string): string {
  try {
    readDue(v, '--due');
  } catch {
    throw new AppError(`--due 不是有效的时间 "${v}"（应为 2027-11-30 或 2027-11-30T18:00 这样的时间）`);
  }
  return v.trim();
}

/** A repeatable option: every value, in order. */
export const collect = (v: string, all: string[] = []) => [...all, v];

/** `--figure 指标=数值` (also the full-width ＝): a finite number from 0 to MAX_FIGURE. */
export function figureOption(v: string, all: [string, number][] = []): [string, number][] {
  const m = /^\s*([^=＝]+?)\s*[=＝]\s*(\S+)\s*$/.exec(v);
  const n = m ? Number(m[2].replaceAll(',', '')) : NaN;
  if (!m || !isValidFigure(n))
    throw new AppError(
      `--figure 应为 指标=数值（如 清理案件数=12，数值为 0 到 ${MAX_FIGURE.toLocaleString('en-US')} 之间的数），收到 "${clip(v)}"`,
    );
  return [...all, [m[1], n]];
}

/** --by: a person's name, as long as a name may be in a timeline (an empty one is left to the workflow's rules). */
export function nameOption(v: string): string {
  if (v.trim().length > MAX_NAME_CHARS) throw new AppError(`--by 不能超过 ${MAX_NAME_CHARS} 个字（收到 ${v.trim().length} 个字）`);
  return v;
}

/** --reason: a return or extension reason, as long as the workflow keeps one. */
export function reasonOption(v: string): string {
  if (v.trim().length > MAX_REASON_CHARS) throw new AppError(`--reason 不能超过 ${MAX_REASON_CHARS} 个字（收到 ${v.trim().length} 个字）`);
  return v;
}

/** A value echoed in a message, cut short when it is long. */
const clip = (v: string) => (v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** The figures of a report, keyed by target id; a figure may be named by its id or its label. */
export function figuresFor(targets: ObligationTarget[], given: [string, number][]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of given) {
    const t = targets.find((x) => x.id === name || x.label === name);
    if (!t) {
      if (targets.length === 0) throw new AppError(`该事项不需要填报指标，请去掉 --figure ${name}=…`);
      throw new AppError(`该事项没有指标“${name}”，可填：${targets.map((x) => `${x.id}（${x.label}，${x.unit}）`).join('、')}`);
    }
    if (t.id in out) throw new AppError(`指标“${t.label}”填写了两次`);
    out[t.id] = value;
  }
  return out;
}

/** The report text: --text, or the contents of --text-file (UTF-8). */
export function reportText(o: { text?: string; textFile?: string }): string {
  if (o.text !== undefined && o.textFile !== undefined) throw new AppError('--text 与 --text-file 只能选一个');
  if (o.text !== undefined) return o.text;
  if (o.textFile === undefined) throw new AppError('请用 --text 或 --text-file 给出报告内容');
  try {
    // A byte-order mark (Windows Notepad) is dropped; GBK or a Word file is refused rather than garbled.
    return new TextDecoder('utf-8', { fatal: true }).decode(readFile(o.textFile));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(`${o.textFile} 不是 UTF-8 编码的文本文件，请另存为 UTF-8 文本后重试`);
  }
}

export function readFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? `找不到文件 ${file}` : code === 'EISDIR' ? `${file} 是文件夹，不是文件` : `无法读取文件 ${file}（${code}）`,
    );
  }
}

/** The attachment files' contents, refused before anything is stored when there are too many. */
export function attachmentFiles(files: string[]): Buffer[] {
  if (files.length > MAX_ATTACHMENTS) throw new AppError(`附件最多 ${MAX_ATTACHMENTS} 个`);
  return files.map(readFile);
}

/** --units: all, late (late, not accepted or returned: the default) or named units separated by commas. */
export function unitsOption(v: string): LookBackRequest['units'] {
  const s = v.trim();
  if (s === 'all') return 'all';
  if (s === 'late') return 'late-or-returned';
  const units = s
    .split(/[,，、]/)
    .map((u) => u.trim())
    .filter(Boolean);
  if (units.length === 0) throw new AppError(`--units 应为 all、late 或以逗号分隔的单位名称，收到 "${v}"`);
  return units;
}

/** A deadline for people: the date alone when it is the end of the day, else date and time. */
export function dueZh(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  if (!m) return iso;
  return m[2] === '23:59' && (m[3] ?? ':59') === ':59' ? m[1] : `${m[1]} ${m[2]}`;
}
