// The next notice of the ladder, scheduled with the worker's sender for its instant as soon as it is known: a 09:00
// burst goes out at 09:00 whatever the workflow tasks' backlog. A change before that instant may make it wrong: it is
// taken back, and scheduled again if still due.
import { proxyLocalActivities } from '@temporalio/workflow';
import type { NoticeActivities } from '../../activities/notices';
import * as life from '../../domain/obligation/lifecycle';
import type { Notice } from '../../domain/obligation/notice';
import { UNTIL_BACK } from '../retry-policies';
import { markSent } from './wakeup-notice';
import type { ObligationRun } from './run';
import { isClosed } from '../../domain/obligation/state';

const { scheduleNotice, withdrawNotice } = proxyLocalActivities<NoticeActivities>({
  startToCloseTimeout: '1 minute',
  retry: UNTIL_BACK,
});

/** A notice owed now (a late start's catch-up) is queued at once, with its collection window, not scheduled. */
const SCHEDULE_AHEAD_MIN_MS = 1_000;

/**
 * A first notice further away than this is scheduled by a wake-up this long before it, not in the first task: a
 * start stays as light as a plain workflow's (a plan started in January does not queue May's reminders).
 */
const START_HORIZON_MS = 24 * 3600_000;

// Each part is a plain function where the loop awaits nothing, and hands back the activity's own promise where it
// does: the loop takes as many microtask turns as when it was written out in one piece, so its commands keep their
// order against a handler's in the same activation.
export interface NoticesAhead {
  /** Whether a notice is scheduled (a run does not continue as new with one out). */
  pending(): boolean;
  /** A change since the notice was scheduled takes it back; one already going out is recorded as sent. */
  settle(): Promise<void>;
  /**
   * Before the wait for `next`, once per round of the loop: at a run's start, far from its notice, how long to wait
   * for the start horizon first (a message may come; the notice is scheduled in the next round of the loop).
   */
  startHorizon(next: life.Wakeup, upcoming: Notice | undefined): number | undefined;
  /** Then: the scheduling of its notice, when it is to be scheduled now; `scheduled` takes the sender's answer. */
  schedule(next: life.Wakeup, upcoming: Notice | undefined): Promise<boolean> | undefined;
  scheduled(next: life.Wakeup, upcoming: Notice, accepted: boolean): void;
  /** At the instant of `next`: its notice, scheduled and unchanged since, is recorded as sent by the sender. */
  takeSent(next: life.Wakeup, upcoming: Notice | undefined): boolean;
  /** Whether `upcoming` is the notice the sender has for its instant. */
  holds(upcoming: Notice | undefined): boolean;
}

/** `queueAhead`: the run's patch; a sink that cannot schedule is asked once per run. */
export function noticesAhead(run: ObligationRun, queueAhead: boolean, arranged: () => number): NoticesAhead {
  const { spec, state, now } = run;
  let scheduling = queueAhead;
  /** Until the run's first wait: notices beyond the start horizon are left for a later wake-up. */
  let starting = true;
  /** The notice scheduled for its instant, the wake-up it is for and the state version it was built from. */
  let ahead: { notice: Notice; next: life.Wakeup; version: number; arranged: number } | undefined;

  const settle = async () => {
    if (!ahead || (ahead.version === state.version && ahead.arranged === arranged() && !isClosed(state.stage))) return;
    const { notice, next } = ahead;
    ahead = undefined;
    if (!(await withdrawNotice(notice.key))) markSent(run, next, notice);
  };

  const unscheduled = (upcoming: Notice | undefined): upcoming is Notice =>
    scheduling && upcoming !== undefined && ahead?.notice.key !== upcoming.key;

  const startHorizon = (next: life.Wakeup, upcoming: Notice | undefined) => {
    const far = unscheduled(upcoming) && starting && next.atMs - now() > START_HORIZON_MS;
    starting = false;
    return far ? next.atMs - START_HORIZON_MS - now() : undefined;
  };

  const schedule = (next: life.Wakeup, upcoming: Notice | undefined) =>
    unscheduled(upcoming) && next.atMs - now() > SCHEDULE_AHEAD_MIN_MS
      ? // The instant on the worker's clock: a simulated year's clock runs shifted behind it.
        scheduleNotice({ notice: upcoming, atMs: next.atMs + (spec.clockShiftMs ?? 0) })
      : undefined;

  const scheduled = (next: life.Wakeup, upcoming: Notice, accepted: boolean) => {
    if (accepted) ahead = { notice: upcoming, next, version: state.version, arranged: arranged() };
    else scheduling = false;
  };

  const takeSent = (next: life.Wakeup, upcoming: Notice | undefined) => {
    if (!ahead || !holds(upcoming)) return false;
    // Scheduled and unchanged since: the sender has it out at this instant (a refusal is told later).
    markSent(run, next, ahead.notice);
    ahead = undefined;
    return true;
  };

  const holds = (upcoming: Notice | undefined) => ahead !== undefined && ahead.notice.key === upcoming?.key;

  return { pending: () => ahead !== undefined, settle, startHorizon, schedule, scheduled, takeSent, holds };
}
