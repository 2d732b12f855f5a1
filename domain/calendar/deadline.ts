// What a deadline written as a date means: the end of that day, 23:59:59 Beijing time. The one place this
// rule lives, for plan files, dates typed by people (CLI, board, casts) and the plan year's end.
import { DateTime } from 'luxon';
import { parseInstant, ZONE } from './time';

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The last second of a date (YYYY-MM-DD) in Beijing. */
export function endOfDay(date: string, field = 'due'): DateTime {
  return parseInstant(date, field).endOf('day').set({ millisecond: 0 });
}

/** ISO 8601 in +08:00, to the second: how deadlines are written in specs, states and notices. */
export function isoDeadline(dt: DateTime): string {
  return dt.setZone(ZONE).toISO({ suppressMilliseconds: true }) as string;
}

/** A deadline typed by a person: a bare date is the end of that day, anything else an instant (Beijing when no offset). */
export function readDue(value: string, field: string): string {
  const v = value.trim();
  return isoDeadline(BARE_DATE.test(v) ? endOfDay(v, field) : parseInstant(v, field));
}

/** The end of a plan year, when its annual summary is compiled. */
export const yearEndAt = (year: number): string => isoDeadline(endOfDay(`${year}-12-31`, 'year'));
