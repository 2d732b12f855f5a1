// 签收: a unit confirms it has received a duty (交办 → 签收 → 办理 → 反馈 …). The first acknowledgement counts
// and a second one is refused (a refused update leaves no trace in the workflow's history); a report implies
// receipt, so submitting acknowledges a duty not yet acknowledged. Until then the contact gets one 签收提醒 on
// the configured working day after the obligation opened, and the leader one more a working day later.
import { DomainError } from '../errors';
import { Arrangements, atOfficeHour, nthWorkingDayAfter } from '../calendar/working-days';
import { isoAt, parseInstant } from '../calendar/time';
import { chineseDateTime } from '../notices/format';
import { MAX_BY_CHARS } from './limits';
import type { ObligationSpec } from './spec';
import type { Acknowledgement, ObligationState } from './state';

export interface AcknowledgeRequest {
  /** Who acknowledged, e.g. 王某（台山市）. */
  by: string;
}

/** Who is reminded to acknowledge: the unit's contact first, then its leader. */
export type AcknowledgeReminderTo = 'contact' | 'leader';

/** A 签收提醒 the workflow waits for. The key does not depend on the deadline: an extension sends none again. */
export interface AcknowledgeWakeup {
  kind: 'acknowledge';
  atMs: number;
  to: AcknowledgeReminderTo;
  /** Idempotency part, e.g. 20240515.ack-contact (the day the obligation opened). */
  key: string;
  stepKey: `ack-${AcknowledgeReminderTo}`;
  at: string;
}

export function checkAcknowledge(state: ObligationState, req: AcknowledgeRequest): void {
  if (state.stage === 'cancelled') throw new DomainError('该事项已撤销，无需签收', 'obligation is cancelled');
  const ack = acknowledgementOf(state);
  if (ack)
    throw new DomainError(
      ack.bySubmission
        ? `已报送，报送时视为签收（${ack.by}，${minute(ack.at)}）`
        : `已于 ${minute(ack.at)} 由 ${ack.by} 签收，无需重复签收`,
      'already acknowledged',
    );
  if (state.stage === 'accepted') throw new DomainError('该事项已办结，无需签收', 'obligation is accepted');
  const by: unknown = req?.by;
  if (typeof by !== 'string' || !by.trim()) throw new DomainError('请填写签收人姓名', 'acknowledging person (by) is required');
  if (by.trim().length > MAX_BY_CHARS) throw new DomainError(`签收人姓名过长（上限 ${MAX_BY_CHARS} 字）`, 'by is too long');
}

export function applyAcknowledge(state: ObligationState, req: AcknowledgeRequest, nowMs: number): void {
  const at = isoAt(nowMs);
  state.acknowledged = { at, by: req.by.trim() };
  state.timeline.push({ at, kind: 'acknowledged', by: req.by.trim() });
  state.version++;
}

/** A report came before any 签收: the unit evidently received the duty (its 'submitted' entry records when). */
export function acknowledgeBySubmission(state: ObligationState, by: string, at: string): void {
  if (!state.acknowledged) state.acknowledged = { at, by, bySubmission: true };
}

/**
 * The acknowledgement of a state or a round's row; obligations that had a report before 签收 existed count as
 * acknowledged at that report.
 */
export function acknowledgementOf(s: {
  acknowledged?: Acknowledgement;
  submissions?: { at: string; by: string }[];
  submission?: { at: string; by: string };
}): Acknowledgement | undefined {
  const first = s.submissions?.[0] ?? s.submission;
  return s.acknowledged ?? (first ? { at: first.at, by: first.by, bySubmission: true } : undefined);
}

/**
 * The 签收提醒 still owed: none once acknowledged, reported, overdue or closed, none after the deadline. `own`: the
 * holiday arrangements its working days follow (the workflow passes the plan's, spec.ladderConfig.holidays).
 */
export function acknowledgeWakeups(state: ObligationState, spec: ObligationSpec, own: Arrangements = undefined): AcknowledgeWakeup[] {
  const within = spec.ladderConfig.acknowledgeWithin;
  if (!within || state.stage !== 'open' || acknowledgementOf(state)) return [];
  // It opens when the plan says, or when its workflow started if that was later (a plan started late).
  const opened = parseInstant(
    parseInstant(spec.opens, 'opens') > parseInstant(state.timeline[0].at, 'opened') ? spec.opens : state.timeline[0].at,
    'opened',
  );
  const due = parseInstant(state.due, 'due').toMillis();
  const day = opened.toFormat('yyyyMMdd');
  const steps: [AcknowledgeReminderTo, number][] = [
    ['contact', within],
    ['leader', within + 1],
  ];
  return steps
    .map(([to, n]): AcknowledgeWakeup => {
      const at = atOfficeHour(nthWorkingDayAfter(opened, n, own), spec.ladderConfig.sendAt);
      return { kind: 'acknowledge', atMs: at.toMillis(), to, key: `${day}.ack-${to}`, stepKey: `ack-${to}`, at: isoAt(at.toMillis()) };
    })
    .filter((w) => w.atMs < due && !state.sent.includes(w.key));
}

/** Records a 签收提醒 as sent. */
export function markAcknowledgeReminderSent(state: ObligationState, w: AcknowledgeWakeup, to: string[], nowMs: number): void {
  state.sent.push(w.key);
  state.timeline.push({ at: isoAt(nowMs), kind: 'acknowledge-reminder', to, note: w.stepKey });
  state.version++;
}

const minute = chineseDateTime;
