// Deadlines in a notice's sentence: absolute dates, month and year ends, parts of a month or year,
// recurring rules (每月 / 每季度 / 每半年), words that set no date, and dates broken by copy-paste.
import { DateTime } from 'luxon';
import { ascii } from './text';

export type Every = 'month' | 'quarter' | 'half-year';
export interface RecurringDue {
  every: Every;
  month: 'first' | 'last' | 'next' | number;
  day: number | 'last';
}

export interface FoundDate {
  kind: 'date';
  due: string;
  /** The words of the notice that set it. */
  wording: string;
  at: number;
  /** Set when the notice is not exact (中旬, 上半年): the default taken. */
  vague?: string;
}
export interface FoundRecurrence {
  kind: 'recurring';
  due: RecurringDue;
  wording: string;
  at: number;
  vague?: string;
}
export interface BrokenDate {
  wording: string;
  at: number;
}
export interface FoundDates {
  dates: FoundDate[];
  recurring: FoundRecurrence[];
  broken: BrokenDate[];
  /** A word that sets no date (及时, 定期 …). */
  noDate?: string;
}

const NO_DATE = /及时|适时|定期|不定期|长期坚持|长期推进|动态调整|常态化|持续推进/;

const RECURRING: [RegExp, (m: RegExpExecArray, sentence: string) => Omit<FoundRecurrence, 'kind' | 'at' | 'wording'>][] = [
  [/每季度(?:最后一个月|末月)的?(\d{1,2})日/, (m) => ({ due: { every: 'quarter', month: 'last', day: Number(m[1]) } })],
  [
    /每季度(?:第一个月|首月)的?(\d{1,2})日/,
    (m, s) => ({ due: { every: 'quarter', month: /上季度|上一季度/.test(s) ? 'next' : 'first', day: Number(m[1]) } }),
  ],
  [/每季度(?:结束后|后|次月)的?(\d{1,2})日/, (m) => ({ due: { every: 'quarter', month: 'next', day: Number(m[1]) } })],
  [/每季度(?:末|最后一[天日]|结束前)(?:\([^)]*\))?/, () => ({ due: { every: 'quarter', month: 'last', day: 'last' } })],
  [/每季度/, () => ({ due: { every: 'quarter', month: 'last', day: 'last' }, vague: '每季度末' })],
  [/每半年(?:末|结束前)/, () => ({ due: { every: 'half-year', month: 'last', day: 'last' } })],
  [/每半年/, () => ({ due: { every: 'half-year', month: 'last', day: 'last' }, vague: '每半年末（6月30日、12月31日）' })],
  [
    /每月(?:的)?(\d{1,2})日/,
    (m, s) => ({ due: { every: 'month', month: /上月|上个月|上一月/.test(s) ? 'next' : 'last', day: Number(m[1]) } }),
  ],
  [/每月(?:底|末|最后一[天日])/, () => ({ due: { every: 'month', month: 'last', day: 'last' } })],
  [/(?:每月|按月)/, () => ({ due: { every: 'month', month: 'last', day: 'last' }, vague: '每月月底' })],
];

const lastDay = (y: number, m: number) => DateTime.fromObject({ year: y, month: m }).endOf('month').day;
const iso = (y: number, m: number, d: number) => DateTime.fromObject({ year: y, month: m, day: d }).toISODate()!;

/**
 * Every deadline in `raw` (one sentence). `year` is the notice's year, used where a date names no year.
 * Recurring rules are read first; the dates that only illustrate them (每季度末（分别在6月、9月和12月底）) are not
 * read again as dates of their own.
 */
export function findDates(raw: string, year: number): FoundDates {
  const s = ascii(raw);
  const out: FoundDates = { dates: [], recurring: [], broken: [] };
  const taken: [number, number][] = [];
  const free = (a: number, b: number) => taken.every(([x, y]) => b <= x || a >= y);

  for (const [re, make] of RECURRING) {
    const m = re.exec(s);
    if (m && free(m.index, m.index + m[0].length)) {
      out.recurring.push({ kind: 'recurring', at: m.index, wording: raw.slice(m.index, m.index + m[0].length), ...make(m, s) });
      // The rest of the sentence up to its next comma explains the rule; its dates are not deadlines of their own.
      const end = s.slice(m.index).search(/[,;。]/);
      taken.push([m.index, end < 0 ? s.length : m.index + end]);
      break;
    }
  }

  const DATE =
    /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日|(?:(\d{4})年)?(\d{1,2})月(?:底|末)|(?:(\d{4})年)?(\d{1,2})月(上|中|下)旬|(\d{4})年(?:年)?(?:底|末)|(?:今年)?(?:年底|年末)|(上|下)半年|(\d{1,2})月(\d{3,})日|(?<![\d月年])(\d{3,4})日|(\d{1,2})月日/g;
  for (const m of s.matchAll(DATE)) {
    const at = m.index!;
    const wording = raw.slice(at, at + m[0].length);
    if (!free(at, at + m[0].length)) continue;
    if (m[2]) {
      const y = m[1] ? Number(m[1]) : year;
      const [mo, d] = [Number(m[2]), Number(m[3])];
      if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) out.broken.push({ wording, at });
      else out.dates.push({ kind: 'date', due: iso(y, mo, d), wording, at });
    } else if (m[5]) {
      const y = m[4] ? Number(m[4]) : year;
      const mo = Number(m[5]);
      if (mo < 1 || mo > 12) out.broken.push({ wording, at });
      else out.dates.push({ kind: 'date', due: iso(y, mo, lastDay(y, mo)), wording, at });
    } else if (m[7]) {
      const y = m[6] ? Number(m[6]) : year;
      const mo = Number(m[7]);
      if (mo < 1 || mo > 12) {
        out.broken.push({ wording, at });
        continue;
      }
      const d = m[8] === '上' ? 10 : m[8] === '中' ? 20 : lastDay(y, mo);
      out.dates.push({ kind: 'date', due: iso(y, mo, d), wording, at, vague: `${mo}月${d}日` });
    } else if (m[9]) {
      out.dates.push({ kind: 'date', due: iso(Number(m[9]), 12, 31), wording, at });
    } else if (m[10]) {
      out.dates.push({
        kind: 'date',
        due: m[10] === '上' ? iso(year, 6, 30) : iso(year, 12, 31),
        wording,
        at,
        vague: m[10] === '上' ? '6月30日' : '12月31日',
      });
    } else if (m[11] || m[13] || m[14]) {
      out.broken.push({ wording, at });
    } else {
      out.dates.push({ kind: 'date', due: iso(year, 12, 31), wording, at });
    }
  }
  const none = NO_DATE.exec(s);
  if (none) out.noDate = none[0];
  return out;
}
