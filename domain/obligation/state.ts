// An obligation's state as the workflow keeps it and every reader sees it: its stage and light, their names,
// the stages in which a unit still owes its report, and the records a state carries (submissions, 签收, 延期申请).
// Types and names only, so the transitions (lifecycle, acknowledge, extension) and every view import it alike.
import { STEP_ZH } from '../notices/step-labels';
import type { AttachmentRef, ReportRef } from './report';

export type Stage = 'open' | 'overdue' | 'submitted' | 'returned' | 'accepted' | 'cancelled';
export type Light = 'green' | 'yellow' | 'red';

export const STAGE_ZH: Record<Stage, string> = {
  open: '待办',
  overdue: '逾期',
  submitted: '已报送',
  returned: '退回',
  accepted: '已办结',
  cancelled: '已撤销',
};
export const LIGHT_ZH: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
/** Escalation levels by name: 0 none, then the escalation rungs (DubanLevel). */
export const LEVEL_ZH = ['无', STEP_ZH.催办, STEP_ZH.督办, STEP_ZH.通报];

/** Stages in which the unit still owes its report: reminders and escalations apply. */
export const isOwing = (s: Stage) => s === 'open' || s === 'overdue' || s === 'returned';
export const isClosed = (s: Stage) => s === 'accepted' || s === 'cancelled';

export interface TimelineEntry {
  at: string;
  /** opened, acknowledged, acknowledge-reminder, reminder, 催办, 督办, 通报, overdue, submitted, accepted, returned, extended, extension-applied, extension-refused, cancelled */
  kind: string;
  by?: string;
  to?: string[];
  note?: string;
}

export interface Submission {
  receipt: string;
  /** Where the report is stored, with its digest (set once stored). */
  report?: ReportRef;
  at: string;
  by: string;
  /** The report's first characters; the text itself is in the report store. */
  excerpt?: string;
  /** Only in submissions made before reports were stored (histories from then). */
  text?: string;
  figures: Record<string, number>;
  onTime: boolean;
}

export interface ObligationState {
  id: string;
  stage: Stage;
  due: string;
  /** Highest escalation reached for the current deadline: 0 none, 1 催办, 2 督办, 3 通报. */
  level: number;
  light: Light;
  timeline: TimelineEntry[];
  submissions: Submission[];
  /** 签收: who confirmed receipt, and when (absent until then, and in states from before 签收 existed). */
  acknowledged?: Acknowledgement;
  /** 延期申请 by the unit, oldest first, with the bureau's decision once made (absent until the first). */
  extensions?: ExtensionApplication[];
  /** Keys of ladder steps already sent (idempotent across extensions and replays). */
  sent: string[];
  /** Bumped on every change, so the workflow knows to recompute its next wake-up. */
  version: number;
}

export interface Acknowledgement {
  at: string;
  by: string;
  /** Set when the report came first: receipt implied by the submission. */
  bySubmission?: boolean;
}

export interface ExtensionApplication {
  /** 1, 2, …: part of the notices' idempotency keys. */
  seq: number;
  at: string;
  by: string;
  reason: string;
  requestedDue: string;
  /** The deadline when the unit applied. */
  dueWhenApplied: string;
  /** Stored in the report store like a report's attachment; the state keeps the reference. */
  attachment?: AttachmentRef;
  decision?: ExtensionDecision;
}

export interface ExtensionDecision {
  at: string;
  by: string;
  approved: boolean;
  /** The deadline granted (approved only). */
  due?: string;
  /** Why it was refused (refused only). */
  reason?: string;
}
