// An obligation's row as its round and plan keep it: what each change tells them, never a report's text.
import type { Acknowledgement, Light, ObligationState, Stage, Submission } from './state';
import type { ObligationSpec } from './spec';
import { excerptOf } from './limits';
import { ObligationPlace, placeOf } from './ids';
import { pendingExtension } from './extension';

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

/** What names a row's obligation: the first fields of every row. */
const named = (spec: ObligationSpec) => ({ id: spec.id, task: spec.task, unit: spec.unit, dutyId: spec.dutyId, duty: spec.duty });

/** An obligation's row before it has told anything: open, green, at its first deadline. */
export function openingSnapshot(spec: ObligationSpec, at: string): ObligationSnapshot {
  return {
    ...named(spec),
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
    ...named(spec),
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
