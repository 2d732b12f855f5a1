// Handing an obligation's notices over: queued with the worker's sender, or sent by the notice activity for as long
// as a server stays down; a refusal recorded, and a reminder's refusal reported to the supervisor.
import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { NoticeActivities } from '../../activities/notices';
import * as life from '../../domain/obligation/lifecycle';
import * as ext from '../../domain/obligation/extension';
import { extensionNotice, Notice, undeliverableNotice } from '../../domain/obligation/notice';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import { isoAt } from '../../domain/calendar/time';
import { NOTICE_ROUND, UNTIL_BACK } from '../retry-policies';
import type { ObligationRun } from './run';

// After a round of attempts deliver() pauses and starts over: a server that is down means retries until it is back.
const { sendNotice } = proxyActivities<NoticeActivities>({ startToCloseTimeout: '2 minutes', retry: NOTICE_ROUND });

// Handing a notice over is a quick write to the worker's outbox, done inside the obligation's workflow task.
const { queueNotice } = proxyLocalActivities<NoticeActivities>({ startToCloseTimeout: '1 minute', retry: UNTIL_BACK });

/** Pause between rounds of attempts when a mail or SMS server stays unreachable. */
const RETRY_ROUND_PAUSE = '1 hour';

export interface NoticeDelivery {
  /** Hands a notice over; resolves with the reason when it was refused for good there and then. */
  send(notice: Notice): Promise<string | undefined>;
  /** A refusal is recorded; a reminder's is reported to the supervisor (a report's or an extension notice's is not). */
  refused(notice: Notice, reason: string): Promise<void>;
  /** A delivery that stalls is recorded once, however many rounds of attempts it takes. */
  stalled(notice: Notice, reason: string): void;
}

export function noticeDelivery(run: ObligationRun): NoticeDelivery {
  const { spec, state, now, isPatched } = run;
  const stalled = (notice: Notice, reason: string) => {
    if (state.timeline.at(-1)?.kind !== 'delivery-stalled')
      state.timeline.push({ at: isoAt(now()), kind: 'delivery-stalled', note: `${notice.stepKey}：${reason}` });
  };

  /**
   * In this workflow task (a local activity: five events and a workflow task less than the notice activity). A
   * worker whose sink can only deliver while the obligation waits answers 'direct', and the notice goes by the
   * notice activity (as in histories from before).
   */
  const send = async (notice: Notice): Promise<string | undefined> => {
    if (isPatched('queued-notices') && (await queueNotice(notice)) !== 'direct') return undefined;
    return deliver(notice, (reason) => stalled(notice, reason));
  };

  const refused = async (notice: Notice, reason: string) => {
    life.markUndeliverable(
      state,
      notice.stepKey,
      notice.to.map((a) => a.email),
      reason,
      now(),
    );
    if (notice.step === 'undeliverable' || notice.step.startsWith('extension-')) return;
    const report = undeliverableNotice(spec, notice, reason);
    if (!(await send(report))) state.timeline.push({ at: isoAt(now()), kind: 'undeliverable-reported', to: report.to.map((a) => a.name) });
  };

  return { send, refused, stalled };
}

/** Tells the supervisor of an application or the unit of its decision; a refused delivery is recorded. */
export async function notifyExtension(run: ObligationRun, due: ext.ExtensionNoticeDue, delivery: NoticeDelivery): Promise<void> {
  const { spec, state, now } = run;
  const notice = extensionNotice(spec, state, due, `${workflowInfo().workflowId}/${due.key}`, isoAt(now()));
  const refusal = await delivery.send(notice);
  ext.markExtensionNoticeSent(
    state,
    due,
    notice.to.map((a) => a.name),
    now(),
  );
  if (refusal) await delivery.refused(notice, refusal);
}

/**
 * Sends a notice in the notice activity; returns the reason when the server refused it for good. A server that
 * stays down through a whole round of attempts is tried again after a pause, for as long as it takes. Neither a
 * retry nor the report of a refusal waits for office hours: the notice was due at office hours already.
 */
async function deliver(notice: Notice, onStall: (reason: string) => void): Promise<string | undefined> {
  for (;;) {
    try {
      await sendNotice(notice);
      return undefined;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      if (err.cause instanceof ApplicationFailure && err.cause.type === PERMANENT_FAILURE) return err.cause.message;
      onStall(err.cause?.message ?? err.message);
      await sleep(RETRY_ROUND_PAUSE);
    }
  }
}
