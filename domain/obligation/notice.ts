// Who is told what at each rung of the ladder, of a 签收提醒, a 延期申请 and a failed delivery: pure data that the
// activities turn into mail, SMS and 政务微信 messages.
import type { ChainLink, Person } from '../plan/directory';
import { ESCALATION_LEVEL, LADDER_STEPS, LadderStepName } from '../calendar/ladder';
import type { HolidayArrangement } from '../calendar/holidays';
import type { ObligationSpec } from './spec';
import type { ObligationState, TimelineEntry } from './state';
import type { AcknowledgeWakeup } from './acknowledge';
import type { ExtensionNoticeDue } from './extension';
import type { NoticeStep } from '../notices/step-labels';

/**
 * How long after its instant an obligation whose notice the sender has out records the step: at 09:00 the sender's
 * mails go first, and the thousands of workflow tasks recording their steps follow instead of competing with them
 * for the worker (the timeline still records the instant; a message in between is taken as before).
 */
export const SENDER_FIRST_MS = 60_000;

/** A channel's name (email, sms, …): the worker's configured channels decide which exist. */
export type Channel = string;

/** A person as the directory has them (name and contact data), with their place on the chain. */
export type Addressee = { role: ChainLink['role']; unit: string } & Person;

export interface Notice {
  /** Idempotency key: workflow id + deadline + step. A retried send with the same key is not sent again. */
  key: string;
  step: NoticeStep;
  /** e.g. remind-7, urge-1 */
  stepKey: string;
  obligation: string;
  plan: string;
  task: number;
  taskTitle: string;
  unit: string;
  /** ASCII code of the unit (for its report link). */
  unitCode: string;
  duty: string;
  due: string;
  /** Instant the step was scheduled for, ISO +08:00. */
  at: string;
  level: number;
  /**
   * Absent when the workflow builds a notice: the worker routes it to every configured channel that reaches
   * its addressee, and records that list here. Present when built: the only channels it may use (a report of
   * a failed delivery goes by mail; notices of older histories said email and SMS).
   */
  channels?: Channel[];
  to: Addressee[];
  cc: Addressee[];
  /** For an undeliverable report: what could not be delivered, to whom, and why. */
  failed?: { step: NoticeStep; to: string[]; reason: string };
  /** For a 延期申请 or its decision: what was asked, by whom, and what was decided. */
  extension?: {
    seq: number;
    by: string;
    reason: string;
    requestedDue: string;
    approved?: boolean;
    /** The deadline granted (approved), or the unchanged one (refused). */
    due?: string;
    decisionReason?: string;
  };
  /**
   * For a 督办: what its 督办通知书 says of the obligation, as it stood when the notice was built (a notice queued
   * ahead is taken back on any change, a new holiday arrangement included): the rungs taken before it and the
   * working days it follows. The worker issues the document from these without asking the obligation, which is
   * busy with its own task at that instant. Notices built before it existed lack it (the worker then asks).
   */
  supervision?: SupervisionFacts;
  /**
   * The office's own working-day arrangements, when its plan has any: the time left a notice states (距截止还剩 n 个
   * 工作日) and its 督办通知书 count by them. Absent otherwise, and in notices built before.
   */
  holidays?: HolidayArrangement[];
}

export interface SupervisionFacts {
  rungs: Pick<TimelineEntry, 'at' | 'kind'>[];
  /** Carried here by notices built before the notice itself carried them (`Notice.holidays`). */
  holidays?: HolidayArrangement[];
}

const RUNGS: ReadonlySet<string> = new Set(LADDER_STEPS);

/** The facts of a 督办 at `at`: the ladder's notices the timeline recorded before it. */
function supervisionFacts(state: ObligationState, at: string): SupervisionFacts {
  const before = Date.parse(at);
  return { rungs: state.timeline.filter((e) => RUNGS.has(e.kind) && Date.parse(e.at) < before).map(({ at, kind }) => ({ at, kind })) };
}

/** The working days a notice's holder follows (the office's arrangements; older notices carried them for a 督办 only). */
export const noticeHolidays = (n: Pick<Notice, 'holidays' | 'supervision'>): HolidayArrangement[] | undefined =>
  n.holidays ?? n.supervision?.holidays;

/** A rung's addressee is the link of the escalation chain at its level: contact, leader, supervisor, government office. */
const chainLinkAt = (chain: ChainLink[], step: LadderStepName) => Math.min(ESCALATION_LEVEL[step], chain.length - 1);

const addressee = (l: ChainLink): Addressee => ({ role: l.role, unit: l.unit, ...l.person });

export function buildNotice(
  spec: ObligationSpec,
  state: ObligationState,
  step: { step: LadderStepName; key: string; at: string },
  key: string,
): Notice {
  const chain = spec.chain;
  const i = chainLinkAt(chain, step.step);
  const holidays = spec.ladderConfig.holidays;
  return {
    key,
    step: step.step,
    stepKey: step.key,
    obligation: spec.id,
    plan: spec.plan,
    task: spec.task,
    taskTitle: spec.taskTitle,
    unit: spec.unit,
    unitCode: spec.unitCode,
    duty: spec.duty,
    due: state.due,
    at: step.at,
    level: state.level,
    to: [addressee(chain[i])],
    // Escalations copy everyone below on the chain, so the unit always knows where it stands.
    cc: chain.slice(0, i).map(addressee),
    ...(step.step === '督办' ? { supervision: supervisionFacts(state, step.at) } : {}),
    ...(holidays?.length ? { holidays: [...holidays] } : {}),
  };
}

/** A 签收提醒: to the unit's contact, or to its leader copying the contact. */
export function acknowledgeNotice(spec: ObligationSpec, state: ObligationState, w: AcknowledgeWakeup, key: string): Notice {
  const i = Math.min(w.to === 'leader' ? 1 : 0, spec.chain.length - 1);
  return {
    ...buildNotice(spec, state, { step: 'reminder', key: w.stepKey, at: w.at }, key),
    step: 'acknowledge',
    to: [addressee(spec.chain[i])],
    cc: spec.chain.slice(0, i).map(addressee),
  };
}

/** A 延期申请 to the supervisor (督办 rung of the chain), or its decision to the unit's contact. */
export function extensionNotice(spec: ObligationSpec, state: ObligationState, due: ExtensionNoticeDue, key: string, at: string): Notice {
  const a = due.application;
  const i = due.kind === 'applied' ? chainLinkAt(spec.chain, '督办') : 0;
  return {
    ...buildNotice(spec, state, { step: 'reminder', key: due.key, at }, key),
    step: due.kind === 'applied' ? 'extension-applied' : 'extension-decided',
    due: due.kind === 'applied' ? a.dueWhenApplied : state.due,
    to: [addressee(spec.chain[i])],
    cc: [],
    extension: {
      seq: a.seq,
      by: a.by,
      reason: a.reason,
      requestedDue: a.requestedDue,
      ...(a.decision ? { approved: a.decision.approved, due: a.decision.due ?? a.dueWhenApplied, decisionReason: a.decision.reason } : {}),
    },
  };
}

/**
 * The report to the supervisor (督办 rung of the chain) that `original` was refused for good, so the bureau can
 * reach the unit another way and correct its contacts.
 */
export function undeliverableNotice(spec: ObligationSpec, original: Notice, reason: string): Notice {
  const i = chainLinkAt(spec.chain, '督办');
  return {
    ...original,
    key: `${original.key}/undeliverable`,
    step: 'undeliverable',
    stepKey: `${original.stepKey}-undeliverable`,
    channels: ['email'],
    to: [addressee(spec.chain[i])],
    cc: [],
    failed: { step: original.step, to: original.to.map((a) => `${a.name} <${a.email}>`), reason },
  };
}
