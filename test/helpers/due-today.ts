// Real-clock tests need a first notice at once, yet every notice waits for the plan's send time on a working
// day. The one notice that goes at once is a late start's catch-up reminder whose next send time would pass
// its deadline. A deadline at the end of today with the send time at 00:00 has that at any hour: the next send
// time is a later day's 00:00. (A run that crosses midnight in Beijing sees the deadline pass.)
import { DateTime } from 'luxon';
import { ZONE } from '../../domain/calendar/time';

/** Today in Beijing: a plan duty due on this date ends at 23:59:59 tonight. */
export const dueToday = (): DateTime => DateTime.now().setZone(ZONE).startOf('day');

/** The plan file's ladder block: the default ladder with notices sent at 00:00. */
export const MIDNIGHT_LADDER = `ladder:
  remindBefore: [7, 3, 1]
  escalateAfter:
    - { step: 催办, workingDays: 1 }
    - { step: 督办, workingDays: 3 }
    - { step: 通报, workingDays: 7 }
  sendAt: "00:00"
`;
