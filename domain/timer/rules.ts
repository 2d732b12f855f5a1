// The obligation timer's data and rules: what it is given, what it reports, what a submission
// must satisfy. Pure, shared by the workflow (which enforces it) and clients (which show it).
import { DomainError } from '../errors';
import { ReminderOffset } from './reminder-schedule';

export type TimerStage = 'open' | 'submitted' | 'overdue';
export type Light = 'green' | 'yellow' | 'red';

export const STAGE_LABEL: Record<TimerStage, string> = { open: '待办', submitted: '已报送', overdue: '逾期' };
export const LIGHT_LABEL: Record<Light, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };

/** An open obligation turns yellow this long before its deadline. */
export const YELLOW_BEFORE_MS = 3 * 24 * 3600 * 1000;
/** Longest report text accepted through a submission, in characters. */
export const MAX_REPORT_CHARS = 20_000;

export interface ObligationTimerInput {
  /** Deterministic, readable id; also the workflow id. */
  obligationId: string;
  plan: string;
  task: number;
  /** Chinese unit name, e.g. 台山市. */
  unit: string;
  /** Short label of what is delivered, e.g. 专项整治情况报告. */
  duty: string;
  /** ISO 8601 deadline; without offset it is read in Asia/Shanghai. */
  dueAt: string;
  /** Reminder ladder before the deadline; defaults to DEFAULT_REMINDER_OFFSETS. */
  reminders?: ReminderOffset[];
}

export interface SubmitRequest {
  /** Who submits (person or unit staff), recorded with the report. */
  by: string;
  text: string;
}

export interface SubmitReceipt {
  /** 回执编号 */
  receipt: string;
  submittedAt: string;
  onTime: boolean;
}

/** What the reminder activity is asked to deliver; `key` makes a retried send a no-op. */
export interface ReminderNotice {
  key: string;
  obligationId: string;
  step: string;
  plan: string;
  task: number;
  unit: string;
  duty: string;
  dueAt: string;
  /** Instant the reminder was scheduled for, ISO 8601 +08:00. */
  at: string;
}

export interface ObligationTimerState {
  stage: TimerStage;
  light: Light;
  dueAt: string;
  /** `at` is the planned instant, `sentAt` when the activity completed (workflow clock). */
  remindersSent: { step: string; at: string; sentAt: string }[];
  remindersPending: { step: string; at: string }[];
  submission?: SubmitReceipt & { by: string };
}

/** Traffic light of an obligation at `nowMs`. */
export function lightOf(stage: TimerStage, dueMs: number, nowMs: number): Light {
  if (stage === 'submitted') return 'green';
  if (stage === 'overdue' || nowMs >= dueMs) return 'red';
  return dueMs - nowMs <= YELLOW_BEFORE_MS ? 'yellow' : 'green';
}

/** Throws a DomainError (Chinese first) when the submission must be refused. */
export function checkSubmission(state: ObligationTimerState, req: SubmitRequest): void {
  if (state.stage === 'submitted') {
    throw new DomainError(`该事项已报送（回执 ${state.submission?.receipt}），不能重复报送`, 'already submitted');
  }
  if (state.stage === 'overdue') {
    throw new DomainError('该事项已逾期关闭，不能再通过本流程报送', 'obligation closed as overdue');
  }
  if (!req || typeof req.by !== 'string' || !req.by.trim()) {
    throw new DomainError('请填写报送人', 'submitter (by) is required');
  }
  if (typeof req.text !== 'string' || !req.text.trim()) {
    throw new DomainError('报告内容不能为空', 'report text is empty');
  }
  if (req.text.length > MAX_REPORT_CHARS) {
    throw new DomainError(`报告内容过长（${req.text.length} 字，上限 ${MAX_REPORT_CHARS} 字）`, 'report text too long');
  }
}

/** 回执编号: readable and unique per obligation and attempt, derived from nothing but the ids. */
export function receiptNumber(obligationId: string, attempt: number): string {
  return `HZ-${obligationId}-${attempt}`;
}

/** The Chinese one-line summary shown in the Temporal Web UI's workflow list. */
export function timerSummary(input: ObligationTimerInput): string {
  return `任务${input.task} · ${input.unit} · ${input.duty} · 截止 ${input.dueAt.slice(0, 10)}`;
}

/** Current details shown on the workflow page: stage, light, last reminder. */
export function timerDetails(state: ObligationTimerState): string {
  const last = state.remindersSent.at(-1);
  const parts = [`状态：${STAGE_LABEL[state.stage]}`, `灯：${LIGHT_LABEL[state.light]}`];
  if (last) parts.push(`最近提醒：${last.step} ${last.at}`);
  if (state.submission) parts.push(`回执：${state.submission.receipt}`);
  return parts.join('；');
}
