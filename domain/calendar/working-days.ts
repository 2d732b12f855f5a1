// China's official working days: weekends off, statutory holidays off, make-up working days (调休) on,
// from the State Council's arrangements as published in the `chinese-days` package. Years the package does
// not cover fall back to Monday–Friday; callers surface `calendarWarnings` to users.
import { DateTime } from 'luxon';
// The package's data, not its functions: its ES build does not bundle into the workflow sandbox.
import days from 'chinese-days/dist/chinese-days.json';
import { BEIJING_OFFSET_MS, ZONE } from './time';
import { daysOf, HolidayArrangement } from './holidays';

/**
 * An office's own arrangements (from its calendar file), each taking precedence over the package's data for its year.
 * Optional everywhere: without it, the package's data (and Monday–Friday past it) as before.
 */
export type Arrangements = readonly HolidayArrangement[] | undefined;

const COVERED_YEARS: ReadonlySet<number> = new Set(Object.keys(days.holidays).map((d) => Number(d.slice(0, 4))));
const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(days.holidays));
const MAKE_UP_WORKDAYS: ReadonlySet<string> = new Set(Object.keys(days.workdays));

/** Whether the holiday arrangement of `year` is known (otherwise Monday–Friday is assumed). */
export function calendarCovers(year: number): boolean {
  return COVERED_YEARS.has(year);
}

/**
 * Bilingual warnings for the years among `years` that fall back to Monday–Friday: neither the package nor the
 * office's arrangements cover them. `calendarFile` names the file to fill in.
 */
export function calendarWarnings(
  years: Iterable<number>,
  own: Arrangements = undefined,
  calendarFile?: string,
): { zh: string; en: string }[] {
  return [...new Set(years)]
    .filter((y) => !calendarCovers(y) && !own?.some((a) => a.year === y))
    .sort()
    .map((y) =>
      calendarFile
        ? {
            zh: `${y} 年没有节假日安排：请在 ${calendarFile} 中填写国务院公布的 ${y} 年放假和调休上班日期；填写之前按周一至周五为工作日计算`,
            en: `no holiday arrangement for ${y}: fill it in ${calendarFile}; until then Monday to Friday are taken as working days`,
          }
        : {
            zh: `${y} 年的节假日安排尚未收录，按周一至周五为工作日计算`,
            en: `no holiday arrangement for ${y}: Monday to Friday are taken as working days`,
          },
    );
}

export function isWorkingDay(day: DateTime, own: Arrangements = undefined): boolean {
  return workingOf(own)(dayNumber(day));
}

/** The n-th working day strictly before (n < 0) or after (n > 0) the calendar day of `from`. */
export function nthWorkingDay(from: DateTime, n: number, own: Arrangements = undefined): DateTime {
  if (!Number.isInteger(n) || n === 0) throw new RangeError(`n must be a non-zero integer, got ${n}`);
  const working = workingOf(own);
  const step = n > 0 ? 1 : -1;
  let day = dayNumber(from);
  for (let found = 0; found < Math.abs(n);) {
    day += step;
    if (working(day)) found++;
  }
  return fromDayNumber(day);
}

export const nthWorkingDayBefore = (from: DateTime, n: number, own: Arrangements = undefined) => nthWorkingDay(from, -n, own);
export const nthWorkingDayAfter = (from: DateTime, n: number, own: Arrangements = undefined) => nthWorkingDay(from, n, own);

/** When notices go out on a working day unless the plan says otherwise (its sendAt), Beijing time. */
export const DEFAULT_SEND_AT = '09:00';

/** `day` at the office-hour time "HH:mm" (default DEFAULT_SEND_AT), Beijing time. */
export function atOfficeHour(day: DateTime, time = DEFAULT_SEND_AT): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromMillis(dayNumber(day) * DAY_MS - BEIJING_OFFSET_MS + (hour * 60 + minute) * 60_000, { zone: ZONE });
}

/** Working days from the day after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: DateTime, to: DateTime, own: Arrangements = undefined): number {
  const working = workingOf(own);
  let count = 0;
  for (let d = dayNumber(from) + 1; d <= dayNumber(to); d++) if (working(d)) count++;
  return count;
}

// Days are counted as Beijing day numbers (days since 1970-01-01 in UTC+8) rather than with luxon: the ladder
// walks the calendar for every wake-up of every obligation, and luxon's date objects took a quarter of the
// workflows' CPU in a simulated year. Beijing keeps one offset all year (no daylight saving since 1991).
const DAY_MS = 86_400_000;

function dayNumber(instant: DateTime): number {
  return Math.floor((instant.toMillis() + BEIJING_OFFSET_MS) / DAY_MS);
}

function fromDayNumber(day: number): DateTime {
  return DateTime.fromMillis(day * DAY_MS - BEIJING_OFFSET_MS, { zone: ZONE });
}

/** Each day is looked up once per process: a day's answer never changes. */
const WORKING: Map<number, boolean> = new Map();

function isWorkingDayNumber(day: number): boolean {
  let working = WORKING.get(day);
  if (working === undefined) WORKING.set(day, (working = lookUpWorkingDay(day)));
  return working;
}

/** Per list of arrangements (each obligation's spec holds one for its run): its years' days, and its own answers. */
const OWN = new WeakMap<readonly HolidayArrangement[], (day: number) => boolean>();

function workingOf(own: Arrangements): (day: number) => boolean {
  if (!own || own.length === 0) return isWorkingDayNumber;
  let working = OWN.get(own);
  if (!working) {
    const years = new Map(own.map((a) => [a.year, { off: new Set(daysOf(a.year, a.holidays)), on: new Set(daysOf(a.year, a.workdays)) }]));
    const answers = new Map<number, boolean>();
    working = (day) => {
      let answer = answers.get(day);
      if (answer === undefined) {
        const key = new Date(day * DAY_MS).toISOString().slice(0, 10);
        const year = years.get(Number(key.slice(0, 4)));
        const weekday = (((day + 3) % 7) + 7) % 7 < 5;
        answer = year ? year.on.has(key) || (weekday && !year.off.has(key)) : isWorkingDayNumber(day);
        answers.set(day, answer);
      }
      return answer;
    };
    OWN.set(own, working);
  }
  return working;
}

function lookUpWorkingDay(day: number): boolean {
  const key = new Date(day * DAY_MS).toISOString().slice(0, 10); // the Beijing date, yyyy-MM-dd
  const weekday = (((day + 3) % 7) + 7) % 7 < 5; // day 0, 1970-01-01, was a Thursday
  if (!calendarCovers(Number(key.slice(0, 4)))) return weekday;
  return MAKE_UP_WORKDAYS.has(key) || (weekday && !HOLIDAYS.has(key));
}
