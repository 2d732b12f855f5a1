// A year's holiday arrangement in the compact form it travels in (workflow inputs, signals) and the days it lists.
// Kept apart from the calendar file's reader so that workflow code does not bundle the YAML and schema libraries.
import { DateTime } from 'luxon';

/**
 * One year's arrangement as it travels: `holidays` and `workdays` are space-separated days of that year, MMDD, or
 * MMDD-MMDD for a run of days, e.g. { year: 2027, holidays: '0101-0103 0206-0212', workdays: '0214' }.
 */
export interface HolidayArrangement {
  year: number;
  holidays: string;
  workdays: string;
}

/** The dates (yyyy-MM-dd) an arrangement's field lists. */
export function daysOf(year: number, compact: string): string[] {
  const out: string[] = [];
  for (const part of compact.split(' ').filter(Boolean)) {
    const [a, b = a] = part.split('-');
    let d = DateTime.fromISO(`${year}-${a.slice(0, 2)}-${a.slice(2)}`, { zone: 'utc' });
    const end = DateTime.fromISO(`${year}-${b.slice(0, 2)}-${b.slice(2)}`, { zone: 'utc' });
    for (; d <= end; d = d.plus({ days: 1 })) out.push(d.toISODate()!);
  }
  return out;
}

/** `current` with each year of `added` put in (replacing that year's earlier arrangement), sorted by year. */
export function mergeArrangements(
  current: readonly HolidayArrangement[] | undefined,
  added: readonly HolidayArrangement[],
): HolidayArrangement[] {
  const byYear = new Map((current ?? []).map((a) => [a.year, a]));
  for (const a of added) byYear.set(a.year, { year: a.year, holidays: a.holidays, workdays: a.workdays });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
