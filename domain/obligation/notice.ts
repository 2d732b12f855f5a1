// Who is told what at each rung of the ladder, and the round's compilation (汇总): pure data that the
// activities turn into mail and SMS.
import type { ChainLink, Person } from '../plan/directory';
import { ESCALATION_LEVEL, LadderStepName } from '../calendar/ladder';
import type { ObligationSpec, RoundSpec } from './spec';
import type { Light, ObligationState, Stage, Submission } from './state';
import { excerptOf } from './limits';
import type { ReportRef } from './report';
import { ObligationPlace, placeOf } from './ids';
import { acknowledgementOf, AcknowledgeWakeup } from './acknowledge';
import { Acknowledgement } from './state';
import { ExtensionNoticeDue, pendingExtension } from './extension';
import type { NoticeStep } from '../notices/step-labels';

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
}

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

/**
 * A unit's state as its round and plan see it: sent with every change. The round adds where the obligation
 * sits (its place); rows kept before that have none (see placeOfRow).
 */
export interface ObligationSnapshot extends Partial<ObligationPlace> {
  id: string;
  task: number;
  unit: string;
  dutyId: string;
  duty: string;
  stage: Stage;
  light: Light;
  level: number;
  due: string;
  /** The latest submission: receipt, time, submitter, figures, the stored report's reference and excerpt. */
  submission?: Omit<Submission, 'text'>;
  /** 签收: who acknowledged and when (absent until then, and in rows from before 签收 existed). */
  acknowledged?: Acknowledgement;
  /** A 延期申请 awaiting the bureau's decision: what the board lists. */
  extensionPending?: { seq: number; at: string; by: string; requestedDue: string };
  at: string;
  /** The obligation's state version, sent with a change told in passing (signals may land out of order). */
  version?: number;
}

/** A submission as rounds and plans keep it: never the text itself, at most its excerpt. */
const withoutText = ({ text, ...rest }: Submission): Omit<Submission, 'text'> => ({
  ...rest,
  excerpt: rest.excerpt ?? excerptOf(text ?? ''),
});

/** A snapshot as a round keeps it (obligations started before reports were stored still send their text). */
export const compactSnapshot = (s: ObligationSnapshot): ObligationSnapshot =>
  s.submission ? { ...s, submission: withoutText(s.submission) } : s;

/** An obligation's row before it has told anything: open, green, at its first deadline. */
export function openingSnapshot(spec: ObligationSpec, at: string): ObligationSnapshot {
  return {
    id: spec.id,
    task: spec.task,
    unit: spec.unit,
    dutyId: spec.dutyId,
    duty: spec.duty,
    stage: 'open',
    light: 'green',
    level: 0,
    due: spec.due,
    at,
  };
}

/**
 * What rounds and plans follow of a row: stage, light, level, deadline, report, 签收 and a pending 延期申请,
 * not every reminder. Two rows with the same key tell a round nothing new.
 */
export const followedKey = (s: ObligationSnapshot): string =>
  [s.stage, s.light, s.level, s.due, s.submission?.receipt, s.acknowledged?.at, s.extensionPending?.seq].join('|');

/** A row with its obligation's place, as the round keeps and answers it. */
export const placed = (s: ObligationSnapshot, spec: ObligationSpec): ObligationSnapshot => ({ ...s, ...placeOf(spec) });

export function snapshotOf(spec: ObligationSpec, state: ObligationState, at: string): ObligationSnapshot {
  const last = state.submissions.at(-1);
  // Never the text itself: the round, the plan and every query stay small whatever units write.
  const submission = last && withoutText(last);
  return {
    id: spec.id,
    task: spec.task,
    unit: spec.unit,
    dutyId: spec.dutyId,
    duty: spec.duty,
    stage: state.stage,
    light: state.light,
    level: state.level,
    due: state.due,
    ...(submission ? { submission } : {}),
    ...(state.acknowledged ? { acknowledged: state.acknowledged } : {}),
    ...extensionPendingOf(state),
    at,
  };
}

function extensionPendingOf(state: ObligationState): Pick<ObligationSnapshot, 'extensionPending'> {
  const p = pendingExtension(state);
  return p ? { extensionPending: { seq: p.seq, at: p.at, by: p.by, requestedDue: p.requestedDue } } : {};
}

export interface CompilationRow {
  obligation: string;
  unit: string;
  stage: Stage;
  due: string;
  receipt?: string;
  submittedAt?: string;
  by?: string;
  /** The stored report: its text is read from the report store when the 汇总 is written. */
  report?: ReportRef;
  excerpt?: string;
  /** Filled in by the activity that sends the 汇总 (never carried by a workflow). */
  text?: string;
  figures?: Record<string, number>;
  /** 签收时间 (a report counts as receipt). */
  acknowledgedAt?: string;
}

/** The round's 汇总: who reported on time, late, not at all. */
export interface Compilation {
  key: string;
  round: string;
  kind: RoundSpec['kind'];
  plan: string;
  task: number;
  taskTitle: string;
  duty: string;
  due: string;
  /** deadline: compiled at the deadline; final: compiled when the last obligation closed. */
  edition: 'deadline' | 'final';
  /** When it was compiled: its content is the state at this instant (the deadline, or the last closing). */
  at: string;
  /** When it was delivered: the next office hour after `at` (absent in compilations sent before office hours). */
  sentAt?: string;
  to: string[];
  cc: string[];
  /** E-mail addresses of to and cc, by name. */
  addresses: Record<string, string>;
  onTime: CompilationRow[];
  late: CompilationRow[];
  missing: CompilationRow[];
  cancelled: CompilationRow[];
  /** The name and unit of each figure the rows carry, by target id (absent in compilations made before). */
  figureNames?: Record<string, { label: string; unit: string }>;
}

export function compile(
  round: RoundSpec,
  snapshots: ObligationSnapshot[],
  edition: Compilation['edition'],
  at: string,
  workflowId: string,
): Compilation {
  const row = (s: ObligationSnapshot): CompilationRow => ({
    obligation: s.id,
    unit: s.unit,
    stage: s.stage,
    due: s.due,
    ...(acknowledgementOf(s) ? { acknowledgedAt: acknowledgementOf(s)!.at } : {}),
    ...(s.submission
      ? {
          receipt: s.submission.receipt,
          submittedAt: s.submission.at,
          by: s.submission.by,
          excerpt: s.submission.excerpt,
          report: s.submission.report,
          figures: s.submission.figures,
        }
      : {}),
  });
  const out: Compilation = {
    key: `${workflowId}/compile-${edition}`,
    round: round.round,
    kind: round.kind,
    plan: round.plan,
    task: round.task,
    taskTitle: round.taskTitle,
    duty: round.duty,
    due: round.due,
    edition,
    at,
    to: round.compiledBy ? [round.compiledBy] : round.to,
    cc: round.compiledBy ? round.to.filter((t) => t !== round.compiledBy) : round.cc,
    addresses: round.addresses ?? {},
    onTime: [],
    late: [],
    missing: [],
    cancelled: [],
  };
  for (const s of snapshots) {
    const r = row(s);
    if (s.stage === 'cancelled') out.cancelled.push(r);
    else if (!s.submission || s.stage === 'returned') out.missing.push(r);
    else if (s.submission.onTime) out.onTime.push(r);
    else out.late.push(r);
  }
  const figureNames = Object.fromEntries(round.obligations.flatMap((o) => o.targets.map((t) => [t.id, { label: t.label, unit: t.unit }])));
  if (Object.keys(figureNames).length) out.figureNames = figureNames;
  return out;
}
