// Office hours: every notice to a person goes out at the plan's send time (sendAt, e.g. 09:00) on a working
// day. Pure: the calendar gives the days, the caller gives the instant.
import { DateTime } from 'luxon';
import { atOfficeHour, isWorkingDay, nthWorkingDayAfter } from './working-days';
import { ZONE } from './time';

/**
 * The first office-hour send instant at or after `t`: that day's `sendAt` when `t` is on a working day at or
 * before it, otherwise `sendAt` on the next working day (weekends and holidays off, 调休 Saturdays on).
 */
export function nextOfficeHour(t: DateTime, sendAt = '09:00'): DateTime {
  const today = atOfficeHour(t, sendAt);
  if (isWorkingDay(today) && t.toMillis() <= today.toMillis()) return today;
  return atOfficeHour(nthWorkingDayAfter(t, 1), sendAt);
}

/** The same in epoch milliseconds, as workflows keep their clock. */
export function nextOfficeHourMs(epochMs: number, sendAt = '09:00'): number {
  return nextOfficeHour(DateTime.fromMillis(epochMs, { zone: ZONE }), sendAt).toMillis();
}
