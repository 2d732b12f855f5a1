// The notice a wake-up of the ladder sends, and its record on the timeline once it went out.
import { workflowInfo } from '@temporalio/workflow';
import * as life from '../../domain/obligation/lifecycle';
import * as ack from '../../domain/obligation/acknowledge';
import { acknowledgeNotice, buildNotice, Notice } from '../../domain/obligation/notice';
import type { ObligationRun } from './run';

/** The notice a wake-up sends, if any (a reminder the deadline has overtaken sends none). */
export function noticeFor({ spec, state }: ObligationRun, next: life.Wakeup): Notice | undefined {
  if (next.kind === 'due' || next.kind === 'yellow') return undefined;
  if (next.kind === 'step' && next.step.step === 'reminder' && state.stage === 'overdue') return undefined;
  const key = `${workflowInfo().workflowId}/${next.key}`;
  return next.kind === 'acknowledge'
    ? acknowledgeNotice(spec, state, next, key)
    : buildNotice(spec, state, { step: next.step.step, key: next.step.key, at: next.step.at }, key);
}

/** The timeline records the instant the step was due (a delayed worker does not blur the record). */
export function markSent({ state }: ObligationRun, next: life.Wakeup, notice: Notice): void {
  const names = notice.to.map((a) => a.name);
  if (next.kind === 'acknowledge') ack.markAcknowledgeReminderSent(state, next, names, next.atMs);
  else life.markStepSent(state, next as Extract<life.Wakeup, { kind: 'step' }>, names, next.atMs);
}
