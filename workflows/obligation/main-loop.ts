// The obligation's main loop: publish, take what the sender told, tell of 延期申请 and decisions, then wait for the
// next step of the ladder (or a message) and take it; until the obligation closes, continuing as new on the way.
import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import * as life from '../../domain/obligation/lifecycle';
import * as ext from '../../domain/obligation/extension';
import { SENDER_FIRST_MS, type Notice } from '../../domain/obligation/notice';
import { messageOrTimeout } from '../wait';
import { changedSince } from '../changes';
import { notifyExtension, NoticeDelivery } from './delivery';
import type { ObligationMessages } from './handlers';
import type { NoticesAhead } from './notices-ahead';
import type { Publisher } from './publish';
import type { ObligationRun, ObligationWorkflow, OpeningFlags } from './run';
import { markSent, noticeFor } from './wakeup-notice';
import { isClosed, type ObligationState } from '../../domain/obligation/state';

export interface RunParts {
  readonly flags: OpeningFlags;
  readonly messages: ObligationMessages;
  readonly publisher: Publisher;
  readonly delivery: NoticeDelivery;
  readonly ahead: NoticesAhead;
}

export async function runUntilClosed(run: ObligationRun, parts: RunParts): Promise<ObligationState> {
  const { spec, state, now, isPatched } = run;
  const { flags, messages, publisher, delivery, ahead } = parts;
  // 签收提醒 for obligations started with a 签收 rule (histories from before replay without them).
  const acknowledging = () => spec.ladderConfig.acknowledgeWithin !== undefined && isPatched('acknowledge');

  while (!isClosed(state.stage)) {
    await publisher.publish();
    await ahead.settle();
    const told = messages.outcomes.shift();
    if (told) {
      if (told.outcome === 'refused') await delivery.refused(told.notice, told.reason);
      else delivery.stalled(told.notice, told.reason);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested && !ahead.pending()) {
      await publisher.inFlight();
      await condition(allHandlersFinished);
      await continueAsNew<ObligationWorkflow>(spec, state);
    }
    // 延期申请 are told to the supervisor at once; decisions reach the unit at the next office hour (histories from
    // before the rule told them at once). The ladder is not held up: an application is not an extension.
    const owed = ext.extensionNoticesDue(state);
    const extensionNotices = owed.length > 0 && isPatched('extension-applications') ? owed : [];
    const heldDecisions = extensionNotices.length > 0 && isPatched('extension-notices-office-hours');
    const noticeAt = (n: ext.ExtensionNoticeDue) => ext.extensionNoticeAtMs(n, spec.ladderConfig.sendAt, heldDecisions);
    const application = extensionNotices.find((n) => noticeAt(n) <= now());
    if (application) {
      await notifyExtension(run, application, delivery);
      continue;
    }
    const heldUntil = Math.min(...extensionNotices.map(noticeAt));
    const versionChanged = changedSince(() => state.version);
    const rearranged = changedSince(messages.arranged);
    // A message changed the state or the calendar, or the sender told of a queued notice.
    const changed = () => versionChanged() || messages.outcomes.length > 0 || rearranged();
    const next = life.nextWakeup(state, spec, now(), {
      catchUp: flags.catchUp,
      officeHours: flags.officeHours,
      acknowledge: acknowledging(),
    });
    if (heldUntil < (next?.atMs ?? Infinity)) {
      await messageOrTimeout(changed, heldUntil - now()); // a decision's notice waits for office hours
      continue;
    }
    if (!next) {
      await condition(changed); // nothing scheduled (e.g. awaiting review): wait for a message
      continue;
    }
    const upcoming = noticeFor(run, next);
    const horizon = ahead.startHorizon(next, upcoming);
    if (horizon !== undefined) {
      await messageOrTimeout(changed, horizon);
      continue; // a message came, or the horizon: scheduled in the next round of the loop
    }
    const scheduling = ahead.schedule(next, upcoming);
    if (scheduling) ahead.scheduled(next, upcoming!, await scheduling);
    // Histories from before woke at the instant.
    const after = ahead.holds(upcoming) && isPatched('sender-first') ? SENDER_FIRST_MS : 0;
    const changedFirst = await messageOrTimeout(changed, next.atMs + after - now());
    if (changedFirst) continue; // a message changed the state: recompute what comes next
    const notice = takeStep(run, ahead, next, upcoming);
    if (notice) {
      // A report, review or extension that comes while the notice is still being delivered (a mail server down for
      // hours, a worker that died mid-send) shows in the search attributes at once, not after the delivery.
      const delivering = delivery.send(notice);
      const refusal = isPatched('publish-while-delivering') ? await publisher.publishing(delivering) : await delivering;
      markSent(run, next, notice);
      if (refusal) await delivery.refused(notice, refusal);
    }
  }
  await ahead.settle();
  await publisher.publish();
  await publisher.inFlight();
  await condition(allHandlersFinished);
  return state;
}

/**
 * At its instant: the step is recorded; answers the notice to send, unless the sender has it out already. Not async:
 * the loop awaits only the sending, as many microtask turns as when this was written out in the loop.
 */
function takeStep(run: ObligationRun, ahead: NoticesAhead, next: life.Wakeup, upcoming: Notice | undefined): Notice | undefined {
  const { state, now } = run;
  const at = now();
  // The timeline records the instant each step was due (a delayed worker does not blur the record).
  if (next.kind === 'due') {
    if (state.stage === 'open' || state.stage === 'returned') life.markOverdue(state, next.atMs);
  } else if (next.kind === 'yellow') {
    life.touch(state, at);
  } else if (next.kind === 'step' && next.step.step === 'reminder' && state.stage === 'overdue') {
    life.markStepSent(state, next, [], next.atMs); // a reminder that can no longer come before the deadline: skipped
  } else if (!ahead.takeSent(next, upcoming)) return upcoming!;
  return undefined;
}
