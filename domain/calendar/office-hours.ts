// Office hours: every notice to a person goes out at the plan's send time (sendAt, e.g. 09:00) on a working
// day. Pure: the calendar gives the days, the caller gives the instant.
import { DateTime } from 'luxon';
import { Arrangements, atOfficeHour, DEFAULT_SEND_AT, isWorkingDay, nthWorkingDayAfter } from './working-days';
import { ZONE } from './time';

/**
 * The first office-hour send instant at or after `t`: that day's `sendAt` when `t` is on a working day at or
 * before it, otherwise `sendAt` on the next working day (weekends and holidays off, 调休 Saturdays on). `own`: the
 * plan's holiday arrangements (its ladder's `holidays`), over the calendar package's data for their years.
 */
export function nextOfficeHour(t: DateTime, sendAt = DEFAULT_SEND_AT, own: Arrangements = undefined): DateTime {
  const today = atOfficeHour(t, sendAt);
  if (isWorkingDay(today, own) && t.toMillis() <= today.toMillis()) return today;
  return atOfficeHour(nthWorkingDayAfter(t, 1, own), sendAt);
}

/** The same in epoch milliseconds, as workflows keep their clock. */
export function nextOfficeHourMs(epochMs: number, sendAt = DEFAULT_SEND_AT, own: Arrangements = undefined): number {
  return nextOfficeHour(DateTime.fromMillis(epochMs, { zone: ZONE }), sendAt, own).toMillis();
}
