// Recurring duties ("每季度最后一个月的30日前", "每月5日前报送上月情况", "每半年"): a duty whose `due` is a rule is
// expanded into one ordinary dated duty per period, so each period is a round of its own (its deadline, ladder,
// 汇总 and ledger column) and nothing downstream needs a new concept. Pure and deterministic.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ZONE } from '../calendar/time';

export const PERIODS = ['month', 'quarter', 'half-year'] as const;
export type Period = (typeof PERIODS)[number];

/** Months in one period. */
const LENGTH: Record<Period, number> = { month: 1, quarter: 3, 'half-year': 6 };
const PER_YEAR: Record<Period, number> = { month: 12, quarter: 4, 'half-year': 2 };
/** How a period is written in `from` / `to`: 2024-05, 2024-Q2, 2024-H1. */
const LABEL: Record<Period, RegExp> = { month: /^(\d{4})-(\d{2})$/, quarter: /^(\d{4})-Q([1-4])$/, 'half-year': /^(\d{4})-H([12])$/ };
const LABEL_EXAMPLE: Record<Period, string> = { month: '2024-05', quarter: '2024-Q2', 'half-year': '2024-H1' };
const PERIOD_ZH: Record<Period, string> = { month: '每月', quarter: '每季度', 'half-year': '每半年' };
const QUARTER_ZH = ['', '第一季度', '第二季度', '第三季度', '第四季度'];
const HALF_ZH = ['', '上半年', '下半年'];

/** At most this many periods per duty (three years of months): a plan is a year's work, with some slack. */
export const MAX_PERIODS = 36;

export const recurrenceSchema = z
  .object({
    every: z.enum(PERIODS),
    /** The month of the period the deadline falls in: its first, its last, the one after it (次月), or the n-th. */
    month: z.union([z.enum(['first', 'last', 'next']), z.number().int().min(1).max(6)]).default('last'),
    /** Day of that month: a number, or `last`. */
    day: z.union([z.literal('last'), z.number().int().min(1).max(31)]),
    /** First and last period (default: the first whose deadline follows the issue date; the plan year's last). */
    from: z.string().trim().optional(),
    to: z.string().trim().optional(),
  })
  .strict();

export type Recurrence = z.infer<typeof recurrenceSchema>;

export const isRecurrence = (due: unknown): due is Recurrence => typeof due === 'object' && due !== null;

/** One period of a recurring duty, as it becomes a dated duty. */
export interface Occurrence {
  /** Appended to the duty id: m05, q2, h1; with the year (2025q1) when the periods span several years. */
  suffix: string;
  /** Appended to what is delivered: （5月）, （第二季度）, （上半年）. */
  label: string;
  /** The deadline's date, YYYY-MM-DD. */
  due: string;
  /** The period's first day, YYYY-MM-DD: the obligation opens then (or at the issue date, if later). */
  starts: string;
  /** The period is in the plan year but its deadline is not (次月5日前 for December). */
  crossesYear: boolean;
}

export interface RecurrenceProblem {
  /** The field of `due` at fault. */
  field: 'from' | 'to' | 'month' | 'day';
  zh: string;
  en: string;
}

export interface Expansion {
  occurrences: Occurrence[];
  problems: RecurrenceProblem[];
  /** Kept as written, but worth a look (a quarter-end 30日 in a 31-day month). */
  warnings: { zh: string; en: string }[];
}

interface PeriodRef {
  year: number;
  /** 1-based within the year: month 1..12, quarter 1..4, half 1..2. */
  index: number;
}

/** Expands a rule against the plan's year and issue date (YYYY-MM-DD). */
export function expandRecurrence(rule: Recurrence, planYear: number, issued: string): Expansion {
  const problems: RecurrenceProblem[] = [];
  const warnings: Expansion['warnings'] = [];
  const len = LENGTH[rule.every];
  if (typeof rule.month === 'number' && rule.month > len) {
    problems.push({
      field: 'month',
      zh: `${PERIOD_ZH[rule.every]}只有 ${len} 个月，month 不能是 ${rule.month}`,
      en: `a ${rule.every} has ${len} month(s); month ${rule.month} does not exist`,
    });
    return { occurrences: [], problems, warnings };
  }
  const from = rule.from === undefined ? undefined : parseLabel(rule.every, rule.from, 'from', problems);
  const to = rule.to === undefined ? { year: planYear, index: PER_YEAR[rule.every] } : parseLabel(rule.every, rule.to, 'to', problems);
  if (problems.length || !to) return { occurrences: [], problems, warnings };

  const first = from ?? firstAfter(rule, planYear, issued);
  if (ordinal(rule.every, first) > ordinal(rule.every, to)) {
    problems.push({
      field: rule.from === undefined ? 'to' : 'from',
      zh: `起始周期 ${labelOf(rule.every, first)} 晚于结束周期 ${labelOf(rule.every, to)}`,
      en: `first period ${labelOf(rule.every, first)} is after the last ${labelOf(rule.every, to)}`,
    });
    return { occurrences: [], problems, warnings };
  }
  const count = ordinal(rule.every, to) - ordinal(rule.every, first) + 1;
  if (count > MAX_PERIODS) {
    problems.push({
      field: 'to',
      zh: `周期过多（${count} 个），一项报送事项最多 ${MAX_PERIODS} 个周期`,
      en: `too many periods (${count}); at most ${MAX_PERIODS}`,
    });
    return { occurrences: [], problems, warnings };
  }

  const manyYears = first.year !== to.year;
  const occurrences: Occurrence[] = [];
  for (let n = ordinal(rule.every, first); n <= ordinal(rule.every, to); n++) {
    const p = fromOrdinal(rule.every, n);
    const month = deadlineMonth(rule, p);
    if (rule.day !== 'last' && rule.day > month.daysInMonth!) {
      problems.push({
        field: 'day',
        zh: `${month.year}年${month.month}月没有 ${rule.day} 日（${describePeriod(rule.every, p, true)}）；月末请写 day: last`,
        en: `${month.toFormat('yyyy-MM')} has no day ${rule.day}; write day: last for the month's end`,
      });
      continue;
    }
    const day = rule.day === 'last' ? month.daysInMonth! : rule.day;
    if (rule.month === 'last' && rule.every !== 'month' && day === 30 && month.daysInMonth === 31) {
      warnings.push({
        zh: `${describePeriod(rule.every, p, true)}的截止日按原文为 ${month.month}月30日，而该月有 31 天；如指月末，请写 day: last`,
        en: `the deadline of ${labelOf(rule.every, p)} is ${month.toFormat('yyyy-MM')}-30 as written, though the month has 31 days`,
      });
    }
    const start = periodStart(rule.every, p);
    occurrences.push({
      suffix: `${manyYears ? p.year : ''}${suffixOf(rule.every, p)}`,
      label: `（${describePeriod(rule.every, p, manyYears)}）`,
      due: month.set({ day }).toISODate()!,
      starts: start.toISODate()!,
      crossesYear: p.year === planYear && month.year !== planYear,
    });
  }
  return { occurrences, problems, warnings };
}

/** Moves `from` / `to` by whole years (rebasing a plan). */
export function rebaseRecurrence(rule: Recurrence, years: number): Recurrence {
  const shift = (label: string | undefined) =>
    label === undefined ? undefined : label.replace(/^(\d{4})/, (y) => String(Number(y) + years));
  return { ...rule, ...(rule.from ? { from: shift(rule.from) } : {}), ...(rule.to ? { to: shift(rule.to) } : {}) };
}

/** The rule in words, e.g. 每季度最后一个月30日前. */
export function describeRecurrence(rule: Recurrence): string {
  const month =
    rule.every === 'month'
      ? rule.month === 'next'
        ? '次月'
        : '当月'
      : rule.month === 'first'
        ? '第一个月'
        : rule.month === 'last'
          ? '最后一个月'
          : rule.month === 'next'
            ? '结束后次月'
            : `第${rule.month}个月`;
  const day = rule.day === 'last' ? '月底前' : `${rule.day}日前`;
  return `${PERIOD_ZH[rule.every]}${month}${day}`;
}

function parseLabel(every: Period, label: string, field: 'from' | 'to', problems: RecurrenceProblem[]): PeriodRef | undefined {
  const m = LABEL[every].exec(label);
  const index = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || index > PER_YEAR[every]) {
    problems.push({
      field,
      zh: `周期 "${label}" 的写法不对，${PERIOD_ZH[every]}应写作 ${LABEL_EXAMPLE[every]}`,
      en: `period "${label}" should be written like ${LABEL_EXAMPLE[every]}`,
    });
    return undefined;
  }
  return { year: Number(m[1]), index };
}

/** The plan year's first period whose deadline falls after the issue date. */
function firstAfter(rule: Recurrence, planYear: number, issued: string): PeriodRef {
  const per = PER_YEAR[rule.every];
  for (let index = 1; index <= per; index++) {
    const p = { year: planYear, index };
    const month = deadlineMonth(rule, p);
    const day = rule.day === 'last' ? month.daysInMonth! : Math.min(rule.day, month.daysInMonth!);
    if (month.set({ day }).toISODate()! > issued) return p;
  }
  return { year: planYear, index: per };
}

const ordinal = (every: Period, p: PeriodRef) => p.year * PER_YEAR[every] + (p.index - 1);
const fromOrdinal = (every: Period, n: number): PeriodRef => ({
  year: Math.floor(n / PER_YEAR[every]),
  index: (n % PER_YEAR[every]) + 1,
});

function periodStart(every: Period, p: PeriodRef): DateTime {
  return DateTime.fromObject({ year: p.year, month: (p.index - 1) * LENGTH[every] + 1, day: 1 }, { zone: ZONE });
}

/** The first day of the month the deadline falls in. */
function deadlineMonth(rule: Recurrence, p: PeriodRef): DateTime {
  const len = LENGTH[rule.every];
  const offset = rule.month === 'first' ? 0 : rule.month === 'last' ? len - 1 : rule.month === 'next' ? len : rule.month - 1;
  return periodStart(rule.every, p).plus({ months: offset });
}

function labelOf(every: Period, p: PeriodRef): string {
  if (every === 'month') return `${p.year}-${String(p.index).padStart(2, '0')}`;
  return `${p.year}-${every === 'quarter' ? 'Q' : 'H'}${p.index}`;
}

function suffixOf(every: Period, p: PeriodRef): string {
  if (every === 'month') return `m${String(p.index).padStart(2, '0')}`;
  return `${every === 'quarter' ? 'q' : 'h'}${p.index}`;
}

function describePeriod(every: Period, p: PeriodRef, withYear: boolean): string {
  const year = withYear ? `${p.year}年` : '';
  if (every === 'month') return `${year}${p.index}月`;
  return `${year}${every === 'quarter' ? QUARTER_ZH[p.index] : HALF_ZH[p.index]}`;
}
