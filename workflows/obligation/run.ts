// What every part of an obligation's run shares: its spec, its state and its clock; and the patches the run asks for
// before it registers a handler, in the order its histories recorded them.
import * as life from '../../domain/obligation/lifecycle';
import type { ObligationSpec } from '../../domain/obligation/spec';
import { workflowClock } from '../clock';
import type { ObligationState } from '../../domain/obligation/state';

/** The obligation workflows' signature: a run that continues as new passes its state on. */
export type ObligationWorkflow = (spec: ObligationSpec, carried?: ObligationState) => Promise<ObligationState>;

export interface ObligationRun {
  readonly spec: ObligationSpec;
  readonly state: ObligationState;
  readonly now: () => number;
  readonly isPatched: (id: string) => boolean;
  /** A run continued as new: its opening was told and upserted by the run before. */
  readonly carried: boolean;
  /** Follows the plan's own holiday arrangements (the spec's, once more after an office records some). */
  readonly followHolidays: () => void;
}

/** Decisions every run takes once at its start, each behind its patch. */
export interface OpeningFlags {
  /** A late start sends the latest missed reminder once (histories from before the patch replay without it). */
  readonly catchUp: boolean;
  /** ... at the next office hour unless that passes the deadline (histories from before send it at the start). */
  readonly officeHours: boolean;
  /**
   * The round is told of a change without waiting for the server's confirmation, so the timer that follows goes in
   * the same workflow task: the first task ends asleep (histories from before waited for each signal).
   */
  readonly inPassing: boolean;
  /**
   * Search attributes are upserted when one of them changes, not after every reminder (histories from before
   * upserted them on every change of state): an event and a visibility write less per reminder.
   */
  readonly upsertOnChange: boolean;
  /**
   * The next notice is scheduled (queued for its instant) as soon as it is known, where the worker's sink can hold
   * it until then: a 09:00 burst goes out at 09:00 whatever the workflow tasks' backlog (histories from before
   * handed each over at its instant).
   */
  readonly queueAhead: boolean;
}

export function openRun(
  spec: ObligationSpec,
  carried: ObligationState | undefined,
  isPatched: (id: string) => boolean,
): { run: ObligationRun; flags: OpeningFlags } {
  const now = workflowClock(spec.clockShiftMs);
  const state = carried ? life.withoutStoredTexts(carried) : life.initialState(spec, now());
  // The plan's own holiday arrangements: the 签收提醒, a late start's catch-up 提醒 and the light follow them too, not
  // only the ladder (histories from before followed the calendar package's data there). Asked only when there are some.
  const followHolidays = () => {
    if (!spec.ladderConfig.holidays?.length || !isPatched('arranged-working-days')) return;
    life.followArrangements(state, spec.ladderConfig.holidays);
    life.touch(state, now());
  };
  followHolidays();
  const run: ObligationRun = { spec, state, now, isPatched, carried: Boolean(carried), followHolidays };
  // Asked in this order, which the histories recorded.
  const catchUp = isPatched('late-start-catch-up');
  const officeHours = catchUp && isPatched('office-hours-catch-up');
  const inPassing = isPatched('publish-in-passing');
  const upsertOnChange = isPatched('upsert-on-change');
  const queueAhead = isPatched('queue-ahead');
  return { run, flags: { catchUp, officeHours, inPassing, upsertOnChange, queueAhead } };
}
