// The life of one obligation as pure state transitions: 待办 → 已报送 → 已办结, or 退回 → 已报送 …;
// 逾期 and the escalation ladder while nothing is submitted; 已撤销. The workflow only adds time and I/O.
import { DateTime } from 'luxon';
import { DomainError } from '../errors';
import { ESCALATION_LEVEL, LadderStep, planLadder } from '../calendar/ladder';
import { isoAt, parseInstant, ZONE } from '../calendar/time';
import { readDue } from '../calendar/deadline';
import { chineseDateTime } from '../notices/format';
import { Arrangements, nthWorkingDayBefore } from '../calendar/working-days';
import { nextOfficeHourMs } from '../calendar/office-hours';
import type { ObligationSpec } from './spec';
import { AttachmentRef, ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES, ReportRef, StoredReport } from './report';
import { EXCERPT_CHARS, excerptOf, isValidFigure, MAX_BY_CHARS, MAX_FIGURE, MAX_REASON_CHARS, MAX_REPORT_CHARS } from './limits';
import { legacyReceiptId, receiptId } from './ids';
import { acknowledgeBySubmission, AcknowledgeWakeup, acknowledgeWakeups } from './acknowledge';
import { isClosed, isOwing, Light, ObligationState, Stage, STAGE_ZH } from './state';

export interface SubmitRequest {
  by: string;
  /** The report, stored by the client before it submits (the workflow never sees the text). */
  report?: StoredReport;
  /** The text itself: what a client checks before storing it, and what older clients sent. */
  text?: string;
  figures?: Record<string, number>;
  /** Attachments already in the report store (uploaded through the portal). */
  attachments?: AttachmentRef[];
}
export interface ReviewRequest {
  by: string;
  decision: 'accept' | 'return';
  reason?: string;
  /** New due date for a returned report (YYYY-MM-DD or ISO instant). */
  newDue?: string;
}
export interface ExtendRequest {
  by: string;
  newDue: string;
  reason: string;
}
export interface CancelRequest {
  by: string;
  reason: string;
}
export interface Receipt {
  receipt: string;
  at: string;
  onTime: boolean;
}

const zhErr = (zh: string, en: string) => new DomainError(zh, en);

export function initialState(spec: ObligationSpec, nowMs: number): ObligationState {
  const s: ObligationState = {
    id: spec.id,
    stage: 'open',
    due: spec.due,
    level: 0,
    light: 'green',
    timeline: [],
    submissions: [],
    sent: [],
    version: 0,
  };
  s.timeline.push({ at: isoAt(nowMs), kind: 'opened', ...(spec.openedBy ? { by: spec.openedBy } : {}), note: `截止 ${spec.due}` });
  s.light = lightAt(s, nowMs);
  return s;
}

export function checkSubmit(state: ObligationState, spec: ObligationSpec, req: SubmitRequest): void {
  if (isClosed(state.stage)) throw zhErr(`该事项${STAGE_ZH[state.stage]}，不能再报送`, `obligation is ${state.stage}`);
  if (state.stage === 'submitted')
    throw zhErr(`已报送（回执 ${state.submissions.at(-1)!.receipt}），等待审核，不能重复报送`, 'already submitted, awaiting review');
  if (!req) throw zhErr('请填写报送人', 'submitter (by) is required');
  checkBy(req.by, '报送人');
  if (req.report !== undefined) checkStoredReport(req.report);
  else checkReportText(req.text);
  const attachments = req.attachments ?? [];
  if (!Array.isArray(attachments) || attachments.length > MAX_ATTACHMENTS)
    throw zhErr(`附件最多 ${MAX_ATTACHMENTS} 个`, 'too many attachments');
  for (const a of attachments) {
    const ext = /\.[^.]+$/.exec(String(a?.filename ?? ''))?.[0]?.toLowerCase() ?? '';
    if (!ALLOWED_ATTACHMENT_TYPES[ext] || !/^[0-9a-f]{64}$/.test(String(a.sha256)) || !(a.size > 0 && a.size <= MAX_ATTACHMENT_BYTES)) {
      throw zhErr(`附件 ${a?.filename ?? ''} 无效（类型、大小或摘要不符）`, 'invalid attachment reference');
    }
  }
  const figures = req.figures ?? {};
  if (typeof figures !== 'object' || figures === null) throw zhErr('指标数据格式不正确', 'figures must be an object');
  const invalid = spec.targets.find((t) => figures[t.id] !== undefined && !isValidFigure(figures[t.id]));
  if (invalid)
    throw zhErr(`“${invalid.label}”的数值无效：应为 0 至 ${MAX_FIGURE} 之间的数字`, `figure ${invalid.id} is not a valid number`);
  const missing = spec.targets.filter((t) => figures[t.id] === undefined);
  if (missing.length) {
    throw zhErr(
      `缺少指标数据：${missing.map((t) => `${t.label}（${t.unit}）`).join('、')}`,
      `missing figures: ${missing.map((t) => t.id).join(', ')}`,
    );
  }
}

/** The limits every report text obeys: what a client checks before it stores the text. */
export function checkReportText(text: unknown): void {
  if (typeof text !== 'string' || !text.trim()) throw zhErr('报告内容不能为空', 'report text is empty');
  if (text.length > MAX_REPORT_CHARS) throw zhErr(`报告内容过长（${text.length} 字，上限 ${MAX_REPORT_CHARS} 字）`, 'report text too long');
}

/** A stored report's reference: small, well-formed, pointing at a text within the limits. */
function checkStoredReport(r: StoredReport): void {
  const ok =
    r !== null &&
    typeof r === 'object' &&
    typeof r.path === 'string' &&
    r.path.length <= 300 &&
    /^[A-Za-z0-9._/-]+$/.test(r.path) &&
    !r.path.split('/').includes('..') &&
    /^[0-9a-f]{64}$/.test(String(r.sha256)) &&
    Number.isInteger(r.bytes) &&
    r.bytes > 0 &&
    r.bytes <= MAX_REPORT_CHARS * 4 + 64 * 1024 &&
    Number.isInteger(r.chars) &&
    r.chars > 0 &&
    r.chars <= MAX_REPORT_CHARS &&
    typeof r.excerpt === 'string' &&
    r.excerpt.length <= EXCERPT_CHARS;
  if (!ok) throw zhErr('报告存储引用无效', 'invalid stored report reference');
}

/** A name typed by a person (submitter, reviewer, operator): present and bounded. */
export function checkBy(by: unknown, role: string): void {
  if (typeof by !== 'string' || !by.trim()) throw zhErr(`请填写${role}`, `${role} (by) is required`);
  if (by.trim().length > MAX_BY_CHARS) throw zhErr(`${role}过长（上限 ${MAX_BY_CHARS} 字）`, 'by is too long');
}

/** A reason typed by a person: present and bounded. */
export function checkReason(reason: unknown, missing: string): void {
  if (typeof reason !== 'string' || !reason.trim()) throw zhErr(missing, 'a reason is required');
  if (reason.trim().length > MAX_REASON_CHARS)
    throw zhErr(`理由过长（${reason.trim().length} 字，上限 ${MAX_REASON_CHARS} 字）`, 'reason is too long');
}

/** `shortReceipt` false: the receipt number of workflows started before short ones (HZ-<obligation id>-<n>). */
export function applySubmit(state: ObligationState, spec: ObligationSpec, req: SubmitRequest, nowMs: number, shortReceipt = true): Receipt {
  const at = isoAt(nowMs);
  const onTime = nowMs <= parseInstant(state.due, 'due').toMillis();
  const receipt = (shortReceipt ? receiptId : legacyReceiptId)(spec.id, state.submissions.length + 1);
  const figures = Object.fromEntries(spec.targets.map((t) => [t.id, req.figures![t.id]]));
  const excerpt = req.report ? req.report.excerpt : excerptOf(req.text ?? '');
  acknowledgeBySubmission(state, req.by.trim(), at); // a report implies receipt
  state.submissions.push({ receipt, at, by: req.by.trim(), excerpt, figures, onTime });
  if (req.report) attachReport(state, { receipt, ...req.report, attachments: req.attachments ?? [] });
  state.timeline.push({ at, kind: 'submitted', by: req.by.trim(), note: `回执 ${receipt}${onTime ? '' : '（逾期报送）'}` });
  changed(state, 'submitted', nowMs);
  return { receipt, at, onTime };
}

/** A state carried over from an older run: texts already in the report store are not carried again. */
export function withoutStoredTexts(state: ObligationState): ObligationState {
  const submissions = state.submissions.map(({ text, ...sub }) =>
    sub.report || text === undefined ? { ...sub, excerpt: sub.excerpt ?? excerptOf(text ?? '') } : { ...sub, text },
  );
  return { ...state, submissions };
}

/** Records where the report of `receipt` is stored. */
export function attachReport(state: ObligationState, ref: ReportRef): void {
  const sub = state.submissions.find((x) => x.receipt === ref.receipt);
  if (!sub) return;
  const { chars: _chars, excerpt: _excerpt, ...kept } = ref as ReportRef & Partial<StoredReport>;
  sub.report = kept;
}

export function checkReview(state: ObligationState, req: ReviewRequest, nowMs: number): void {
  if (state.stage !== 'submitted')
    throw zhErr(`该事项当前为“${STAGE_ZH[state.stage]}”，没有待审核的报告`, `nothing to review (stage ${state.stage})`);
  checkBy(req?.by, '审核人');
  if (req.decision !== 'accept' && req.decision !== 'return')
    throw zhErr('审核结论应为 accept 或 return', 'decision must be accept or return');
  if (req.decision === 'return') {
    checkReason(req.reason, '退回须说明理由');
    if (!req.newDue || typeof req.newDue !== 'string') throw zhErr('退回须给出新的截止时间', 'a return needs a new due date');
    futureDue(req.newDue, nowMs, 'newDue');
  }
}

export function applyReview(state: ObligationState, req: ReviewRequest, nowMs: number): void {
  const at = isoAt(nowMs);
  if (req.decision === 'accept') {
    state.timeline.push({ at, kind: 'accepted', by: req.by.trim() });
    changed(state, 'accepted', nowMs);
    return;
  }
  state.due = readDue(req.newDue!, 'newDue');
  state.level = 0;
  state.timeline.push({ at, kind: 'returned', by: req.by.trim(), note: `${req.reason!.trim()}；新截止 ${state.due}` });
  changed(state, 'returned', nowMs);
}

export function checkExtend(state: ObligationState, req: ExtendRequest, nowMs: number): void {
  if (isClosed(state.stage) || state.stage === 'submitted')
    throw zhErr(`该事项当前为“${STAGE_ZH[state.stage]}”，不能延期`, `cannot extend when ${state.stage}`);
  checkBy(req?.by, '操作人');
  checkReason(req.reason, '延期须说明理由');
  if (typeof req.newDue !== 'string') throw zhErr('请给出新的截止时间', 'newDue is required');
  const due = futureDue(req.newDue, nowMs, 'newDue');
  if (due <= parseInstant(state.due, 'due').toMillis())
    throw zhErr(`新的截止时间应晚于原截止时间 ${chineseDateTime(state.due)}`, 'new due must be later than the current one');
}

export function applyExtend(state: ObligationState, req: ExtendRequest, nowMs: number): void {
  const from = state.due;
  state.due = readDue(req.newDue, 'newDue');
  state.level = 0;
  state.timeline.push({
    at: isoAt(nowMs),
    kind: 'extended',
    by: req.by.trim(),
    note: `${req.reason.trim()}；截止由 ${from} 延至 ${state.due}`,
  });
  changed(state, state.stage === 'overdue' ? 'open' : state.stage, nowMs);
}

export function checkCancel(state: ObligationState, req: CancelRequest): void {
  if (isClosed(state.stage)) throw zhErr(`该事项已${STAGE_ZH[state.stage]}`, `already ${state.stage}`);
  checkBy(req?.by, '操作人');
  checkReason(req.reason, '撤销须说明理由');
}

export function applyCancel(state: ObligationState, req: CancelRequest, nowMs: number): void {
  state.timeline.push({ at: isoAt(nowMs), kind: 'cancelled', by: req.by.trim(), note: req.reason.trim() });
  changed(state, 'cancelled', nowMs);
}

/** What the workflow waits for next: a ladder step, the deadline, or the light turning yellow. */
export type Wakeup =
  | { kind: 'step'; atMs: number; step: LadderStep; key: string }
  | { kind: 'due'; atMs: number }
  | { kind: 'yellow'; atMs: number }
  | AcknowledgeWakeup;

export function nextWakeup(
  state: ObligationState,
  spec: ObligationSpec,
  nowMs: number,
  opts: { catchUp?: boolean; officeHours?: boolean; acknowledge?: boolean } = {},
): Wakeup | undefined {
  if (!isOwing(state.stage)) return undefined;
  const own = followed(state);
  const missed = opts.catchUp ? catchUpReminder(state, spec, opts.officeHours, own) : undefined;
  if (missed && !opts.officeHours) return missed;
  const due = parseInstant(state.due, 'due');
  // Steps before the obligation opened, before its workflow started (a late start sends no burst of stale
  // reminders), or before its deadline last moved, are skipped.
  const opens = Math.max(
    parseInstant(spec.opens, 'opens').toMillis(),
    parseInstant(state.timeline[0].at, 'opened').toMillis(),
    lastDueChange(state),
  );
  const candidates: Wakeup[] = [];
  for (const step of planLadder(due, DateTime.fromMillis(opens, { zone: ZONE }), spec.ladderConfig)) {
    const key = stepKey(state.due, step);
    if (!state.sent.includes(key)) candidates.push({ kind: 'step', atMs: parseInstant(step.at, 'at').toMillis(), step, key });
  }
  if (state.stage !== 'overdue') candidates.push({ kind: 'due', atMs: due.toMillis() });
  if (state.light === 'green') candidates.push({ kind: 'yellow', atMs: yellowFrom(state.due, own) });
  if (opts.acknowledge) candidates.push(...acknowledgeWakeups(state, spec, own));
  if (missed) candidates.push(missed);
  // Anything already past fires now, in order; the earliest wins (ties: deadline before its escalations).
  const order = { yellow: 0, due: 1, step: 2, acknowledge: 2 };
  return candidates
    .filter((c) => c.kind !== 'yellow' || c.atMs > nowMs)
    .sort((a, b) => a.atMs - b.atMs || order[a.kind] - order[b.kind])[0];
}

/**
 * A plan started late (e.g. in November) would miss reminders whose time had passed: the latest such
 * reminder is sent once while the deadline is still ahead. Earlier ones are not sent. In office hours it
 * waits for the next send time (sendAt on a working day), unless that would pass the deadline: then it goes
 * at once. When a reminder of the ladder falls at that send time anyway, that one goes and no catch-up.
 */
function catchUpReminder(
  state: ObligationState,
  spec: ObligationSpec,
  officeHours = false,
  own: Arrangements = undefined,
): Wakeup | undefined {
  if (state.stage !== 'open' || state.timeline.some((e) => e.kind === 'extended' || e.kind === 'returned')) return undefined;
  const started = parseInstant(state.timeline[0].at, 'opened').toMillis();
  const due = parseInstant(state.due, 'due');
  if (started >= due.toMillis()) return undefined;
  const reminders = planLadder(due, parseInstant(spec.opens, 'opens'), spec.ladderConfig).filter((s) => s.step === 'reminder');
  if (reminders.some((s) => state.sent.includes(stepKey(state.due, s)))) return undefined;
  const atMs = (s: LadderStep) => parseInstant(s.at, 'at').toMillis();
  const last = reminders.filter((s) => atMs(s) <= started).at(-1);
  if (!last) return undefined;
  const key = stepKey(state.due, last);
  const sendMs = officeHours ? nextOfficeHourMs(started, spec.ladderConfig.sendAt, own) : due.toMillis();
  if (sendMs >= due.toMillis()) return { kind: 'step', atMs: started, step: { ...last, at: state.timeline[0].at }, key };
  if (reminders.some((s) => atMs(s) > started && atMs(s) <= sendMs)) return undefined;
  return { kind: 'step', atMs: sendMs, step: { ...last, at: isoAt(sendMs) }, key };
}

/** Records a ladder step as sent (or skipped because no one is owed it any more). */
export function markStepSent(state: ObligationState, w: Extract<Wakeup, { kind: 'step' }>, to: string[], nowMs: number): void {
  state.sent.push(w.key);
  state.timeline.push({ at: isoAt(nowMs), kind: w.step.step, to, note: w.step.key });
  if (ESCALATION_LEVEL[w.step.step] > state.level) state.level = ESCALATION_LEVEL[w.step.step];
  changed(state, state.stage, nowMs);
}

/** A notice refused for good: recorded, and reported to the supervisor by the workflow. */
export function markUndeliverable(state: ObligationState, stepKey: string, to: string[], reason: string, nowMs: number): void {
  state.timeline.push({ at: isoAt(nowMs), kind: 'undeliverable', to, note: `${stepKey}：${reason}` });
  state.version++;
}

export function markOverdue(state: ObligationState, nowMs: number): void {
  state.timeline.push({ at: isoAt(nowMs), kind: 'overdue', note: `截止 ${state.due} 未报送` });
  changed(state, 'overdue', nowMs);
}

/** Re-evaluates the light (e.g. at the yellow instant). */
export function touch(state: ObligationState, nowMs: number): void {
  const light = lightAt(state, nowMs, followed(state));
  if (light !== state.light) changed(state, state.stage, nowMs);
}

/** green on track; yellow within 3 working days of the deadline and not submitted; red overdue. */
export function lightAt(state: Pick<ObligationState, 'stage' | 'due'>, nowMs: number, own: Arrangements = undefined): Light {
  if (!isOwing(state.stage)) return 'green';
  if (state.stage === 'overdue' || nowMs > parseInstant(state.due, 'due').toMillis()) return 'red';
  return nowMs >= yellowFrom(state.due, own) ? 'yellow' : 'green';
}

/** The start of the 3rd working day before the due date: from then on, 3 working days or fewer remain. */
export function yellowFrom(due: string, own: Arrangements = undefined): number {
  return nthWorkingDayBefore(parseInstant(due, 'due'), 3, own).toMillis();
}

/**
 * The holiday arrangements (the plan's, spec.ladderConfig.holidays) that an obligation's 签收提醒, catch-up 提醒 and
 * light follow from now on, besides its ladder. Kept beside the state, not in it: the workflow tells it at its start
 * and when an arrangement is added (histories from before followed the calendar package's data only).
 */
const FOLLOWED = new WeakMap<ObligationState, Arrangements>();

export function followArrangements(state: ObligationState, own: Arrangements): void {
  FOLLOWED.set(state, own);
}

const followed = (state: ObligationState): Arrangements => FOLLOWED.get(state);

/** Idempotency part of a step: the same rung for a new deadline is a new notice. */
export function stepKey(due: string, step: LadderStep): string {
  return `${due.slice(0, 10).replaceAll('-', '')}.${step.key}`;
}

function changed(state: ObligationState, stage: Stage, nowMs: number): void {
  state.stage = stage;
  state.light = lightAt(state, nowMs, followed(state));
  state.version++;
}

function lastDueChange(state: ObligationState): number {
  const last = [...state.timeline].reverse().find((e) => e.kind === 'extended' || e.kind === 'returned');
  return last ? parseInstant(last.at, 'at').toMillis() : 0;
}

export function futureDue(value: string, nowMs: number, field: string): number {
  let due: number;
  try {
    due = parseInstant(readDue(value, field), field).toMillis();
  } catch {
    throw zhErr(`新的截止时间无效："${value}"（应为 2024-12-20 这样的日期）`, `${field}: not a valid date "${value}"`);
  }
  if (due <= nowMs) throw zhErr(`新的截止时间 ${value} 已经过去`, 'new due date is in the past');
  return due;
}
