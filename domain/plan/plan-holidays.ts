// The office's holiday arrangements a plan's ladders use: those of the plan's year and the two after it (a ladder
// runs past a year-end deadline into the next year; a duty may cross the year), carried in the plan's ladder
// configuration so that every obligation's spec takes them along (a few dozen bytes a year).
import type { HolidayArrangement } from '../calendar/holidays';
import type { PlanFile } from './schema';

export function withHolidays<P extends Pick<PlanFile, 'year' | 'ladder'>>(
  plan: P,
  arrangements: readonly HolidayArrangement[] | undefined,
): P {
  const own = (arrangements ?? []).filter((a) => a.year >= plan.year && a.year <= plan.year + 2);
  if (own.length === 0) return plan;
  return { ...plan, ladder: { ...plan.ladder, holidays: own } };
}

/** The arrangements a plan's ladder carries (set by withHolidays), for the working days outside the ladder. */
export function planHolidays(plan: Pick<PlanFile, 'ladder'>): HolidayArrangement[] | undefined {
  return (plan.ladder as { holidays?: HolidayArrangement[] }).holidays;
}
