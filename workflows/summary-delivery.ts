// How a round's 汇总 and a plan's annual summary go out: by the notice activities, at the next office hour after they
// were compiled, on the plan's own arranged working days where those move it. Plain functions, no waiting: the caller
// awaits the timer itself, in the same microtask turn as before round and plan shared this.
import { patched, proxyActivities, sleep } from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';
import { nextOfficeHourMs } from '../domain/calendar/office-hours';
import type { Arrangements } from '../domain/calendar/working-days';
import { UNTIL_BACK } from './retry-policies';

export const { sendCompilation, sendAnnualSummary } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '5 minutes',
  retry: UNTIL_BACK,
});

/** 汇总 and annual summary delivered on the plan's own arranged working days where they differ from the package's. */
export const ARRANGED_OFFICE_HOURS_PATCH = 'office-hours-arranged';
/** Notices to people go out at the plan's send time on working days (rounds from before the patch send at once). */
export const OFFICE_HOURS_PATCH = 'office-hours-delivery';

/**
 * The next office hour at or after `ms`. The plan's own holiday arrangements move it only where they differ from
 * the calendar package's data for that instant; only then is the patch asked for (histories from before used the
 * package's data alone).
 */
export function officeHourAfter(ms: number, sendAt: string, holidays: Arrangements): number {
  const plain = nextOfficeHourMs(ms, sendAt);
  const arranged = holidays?.length ? nextOfficeHourMs(ms, sendAt, holidays) : plain;
  return arranged !== plain && patched(ARRANGED_OFFICE_HOURS_PATCH) ? arranged : plain;
}

/** The timer until `atMs` on the workflow's clock, or none when that has come: `if (timer) await timer`. */
export function timerUntil(atMs: number, now: () => number): Promise<void> | undefined {
  return atMs > now() ? sleep(atMs - now()) : undefined;
}
