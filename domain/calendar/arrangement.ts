// An office's own record of the State Council's holiday arrangement (节假日安排) for years the calendar package does
// not cover yet: the holidays and the make-up working days (调休上班), in a calendar file beside the directory.
// Pure: the caller reads the file. Checked with file:line errors like a plan; the result travels in workflow
// inputs and signals in a compact form (a few dozen bytes a year).
import { z } from 'zod';
import { DateTime } from 'luxon';
import { FieldPath, formatPath, PlanFileError, PlanIssue } from '../plan/issues';
import { readYaml, validate, YamlSource } from '../plan/yaml-source';
import { BILINGUAL_SEPARATOR } from '../plan/schema';
import { daysOf, HolidayArrangement } from './holidays';

export type { HolidayArrangement } from './holidays';

const bilingual = (zh: string, en: string) => ({ message: `${zh}${BILINGUAL_SEPARATOR}${en}` });
const isoDate = z
  .string(bilingual('日期应写作 YYYY-MM-DD', 'date must be YYYY-MM-DD'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, { ...bilingual('日期格式应为 YYYY-MM-DD', 'date must be YYYY-MM-DD'), abort: true })
  .refine((d) => DateTime.fromISO(d).isValid, bilingual('不是有效的日期', 'not a valid calendar date'));

// YAML reads an unquoted 2027-01-01 as a string here (the core schema has no timestamps), so dates stay text.
export const calendarFileSchema = z
  .object({
    years: z
      .array(
        z
          .object({
            year: z.number().int().min(2000).max(2100),
            /** The notice it transcribes, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
            source: z.string().trim().min(1).max(200).optional(),
            holidays: z
              .array(z.object({ name: z.string().trim().min(1).max(20), from: isoDate, to: isoDate.optional() }).strict())
              .min(1, bilingual('至少需要一个假期', 'must list at least one holiday'))
              .max(20, bilingual('假期不能超过 20 个', 'at most 20 holidays')),
            workdays: z.array(isoDate).max(20, bilingual('调休上班日不能超过 20 天', 'at most 20 make-up working days')).default([]),
          })
          .strict(),
      )
      .max(20, bilingual('最多 20 个年度', 'at most 20 years')),
  })
  .strict();
export type CalendarFile = z.infer<typeof calendarFileSchema>;

/** Consecutive days as MMDD-MMDD runs. */
function compact(days: string[]): string {
  const sorted = [...new Set(days)].sort();
  const runs: [string, string][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && DateTime.fromISO(last[1]).plus({ days: 1 }).toISODate() === d) last[1] = d;
    else runs.push([d, d]);
  }
  const md = (d: string) => d.slice(5).replace('-', '');
  return runs.map(([a, b]) => (a === b ? md(a) : `${md(a)}-${md(b)}`)).join(' ');
}

/** Reads and checks a calendar file; throws PlanFileError listing every problem with file, line and field. */
export function readCalendarFile(text: string, file: string): HolidayArrangement[] {
  const src = readYaml(text, file);
  const data = validate(src, calendarFileSchema);
  return checkCalendar(data, src);
}

export function checkCalendar(data: CalendarFile, src: YamlSource): HolidayArrangement[] {
  const issues: PlanIssue[] = [];
  const issue = (path: FieldPath, zh: string, en: string) =>
    issues.push({ file: src.file, line: src.lineOf(path), path: formatPath(path), zh, en });
  const seenYears = new Set<number>();
  const out: HolidayArrangement[] = [];
  data.years.forEach((y, i) => {
    if (seenYears.has(y.year)) issue(['years', i, 'year'], `${y.year} 年重复填写`, `year ${y.year} is listed twice`);
    seenYears.add(y.year);
    const inYear = (d: string, path: FieldPath) => {
      if (Number(d.slice(0, 4)) === y.year) return true;
      issue(path, `日期 ${d} 不在 ${y.year} 年内`, `${d} is not in ${y.year}`);
      return false;
    };
    const off = new Map<string, FieldPath>();
    y.holidays.forEach((h, j) => {
      const to = h.to ?? h.from;
      const okFrom = inYear(h.from, ['years', i, 'holidays', j, 'from']);
      const okTo = inYear(to, ['years', i, 'holidays', j, h.to ? 'to' : 'from']);
      if (!okFrom || !okTo) return;
      if (to < h.from)
        return issue(['years', i, 'holidays', j, 'to'], `结束日期 ${to} 早于开始日期 ${h.from}`, `${to} is before ${h.from}`);
      const days = daysOf(y.year, `${h.from.slice(5).replace('-', '')}-${to.slice(5).replace('-', '')}`);
      if (days.length > 15)
        issue(['years', i, 'holidays', j, 'to'], `${h.name}放假 ${days.length} 天，超过 15 天，请核对`, `${days.length} days off`);
      for (const d of days) off.set(d, ['years', i, 'holidays', j, 'from']);
    });
    const on: string[] = [];
    y.workdays.forEach((d, j) => {
      const path: FieldPath = ['years', i, 'workdays', j];
      if (!inYear(d, path)) return;
      if (off.has(d)) return issue(path, `${d} 既是放假日又是调休上班日`, `${d} is both a holiday and a working day`);
      const weekday = DateTime.fromISO(d).weekday;
      if (weekday < 6)
        return issue(path, `调休上班日 ${d} 是工作日（周${'一二三四五'[weekday - 1]}），应为周六或周日`, `${d} is a weekday`);
      on.push(d);
    });
    out.push({ year: y.year, holidays: compact([...off.keys()]), workdays: compact(on) });
  });
  if (issues.length) throw new PlanFileError(issues);
  return out.sort((a, b) => a.year - b.year);
}

/** A calendar file's text for `arrangements` (what the board's page saves). */
export function calendarFileText(arrangements: (HolidayArrangement & { names?: string[] })[]): string {
  const lines = ['# 节假日安排：国务院办公厅公布的放假日期与调休上班日期，优先于 duban 自带的日历数据', 'years:'];
  for (const a of [...arrangements].sort((x, y) => x.year - y.year)) {
    lines.push(`  - year: ${a.year}`, '    holidays:');
    a.holidays
      .split(' ')
      .filter(Boolean)
      .forEach((run, k) => {
        const [from, to] = run.split('-').map((md) => `${a.year}-${md.slice(0, 2)}-${md.slice(2)}`);
        lines.push(`      - { name: ${a.names?.[k] ?? `假期${k + 1}`}, from: ${from}${to ? `, to: ${to}` : ''} }`);
      });
    const on = daysOf(a.year, a.workdays);
    lines.push(`    workdays: [${on.join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}
