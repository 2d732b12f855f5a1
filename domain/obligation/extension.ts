// 延期申请: a unit asks, before its deadline, for a later one (reason, requested date, optionally one attachment);
// the supervisor is told; the bureau approves (the requested date or another) or refuses with a reason; the unit
// is told either way. An application is not an extension: the ladder goes on as before until it is approved, and
// approving applies exactly the bureau's own extension (same rules, the ladder recomputed for the new date).
import { DomainError } from '../errors';
import { isoAt, parseInstant } from '../calendar/time';
import { chineseDate, chineseDateTime } from '../notices/format';
import { readDue } from '../calendar/deadline';
import { nextOfficeHourMs } from '../calendar/office-hours';
import { DEFAULT_LADDER } from '../calendar/ladder';
import { ALLOWED_ATTACHMENT_TYPES, AttachmentRef, MAX_ATTACHMENT_BYTES } from './report';
import { applyExtend, checkBy, checkExtend, checkReason, futureDue } from './lifecycle';
import { ExtensionApplication, isOwing, ObligationState, STAGE_ZH } from './state';
import type { ObligationSpec } from './spec';

/** How many applications a unit may make per obligation, and how far past the current deadline it may ask. */
export interface ExtensionRule {
  maxApplications: number;
  /** Calendar days after the deadline current when the unit applies. */
  maxDays: number;
}

/** Obligations started before applications existed follow the default rule. */
export const DEFAULT_EXTENSION_RULE: ExtensionRule = DEFAULT_LADDER.extensions;

export interface ExtensionApplicationRequest {
  /** Who applies, e.g. 王某（台山市）. */
  by: string;
  reason: string;
  /** YYYY-MM-DD (end of that day) or an ISO instant. */
  requestedDue: string;
  attachment?: AttachmentRef;
}

export interface ExtensionDecisionRequest {
  by: string;
  approve: boolean;
  /** Another date than the requested one (approve only). */
  due?: string;
  /** Required to refuse. */
  reason?: string;
}

const zhErr = (zh: string, en: string) => new DomainError(zh, en);

export const ruleOf = (spec: Pick<ObligationSpec, 'ladderConfig'>): ExtensionRule => ({
  ...DEFAULT_EXTENSION_RULE,
  ...spec.ladderConfig.extensions,
});

/**
 * The application awaiting the bureau's decision, if any: none once the duty is no longer owed, and a report made
 * after the application settles it (the unit no longer needs the time, even if the report is later returned).
 */
export function pendingExtension(state: Pick<ObligationState, 'extensions' | 'stage' | 'submissions'>): ExtensionApplication | undefined {
  const last = state.extensions?.at(-1);
  if (!last || last.decision || !isOwing(state.stage)) return undefined;
  const applied = parseInstant(last.at, 'at').toMillis();
  return state.submissions.some((s) => parseInstant(s.at, 'at').toMillis() >= applied) ? undefined : last;
}

/** Why the unit may not apply now, or undefined when it may (what the portal asks before showing its form). */
export function extensionRefusal(state: ObligationState, spec: ObligationSpec, nowMs: number): string | undefined {
  try {
    checkMayApply(state, spec, nowMs);
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err.zh;
    throw err;
  }
}

function checkMayApply(state: ObligationState, spec: ObligationSpec, nowMs: number): void {
  if (state.stage !== 'open' && state.stage !== 'returned')
    throw zhErr(`该事项当前为“${STAGE_ZH[state.stage]}”，不能申请延期`, `cannot apply when ${state.stage}`);
  if (nowMs > parseInstant(state.due, 'due').toMillis())
    throw zhErr(`已超过截止时间 ${minute(state.due)}，不能再申请延期`, 'the deadline has passed');
  const pending = pendingExtension(state);
  if (pending)
    throw zhErr(
      `已于 ${minute(pending.at)} 申请延期至 ${minute(pending.requestedDue)}，正在审批，请勿重复申请`,
      'an application is pending',
    );
  const { maxApplications } = ruleOf(spec);
  if ((state.extensions?.length ?? 0) >= maxApplications)
    throw zhErr(
      maxApplications === 0 ? '本方案不接受延期申请' : `每个报送事项最多申请延期 ${maxApplications} 次，已达上限`,
      'no more applications allowed',
    );
}

export function checkApplyForExtension(
  state: ObligationState,
  spec: ObligationSpec,
  req: ExtensionApplicationRequest,
  nowMs: number,
): void {
  checkMayApply(state, spec, nowMs);
  checkBy(req?.by, '申请人');
  checkReason(req.reason, '申请延期须说明理由');
  if (typeof req.requestedDue !== 'string' || !req.requestedDue.trim()) throw zhErr('请填写申请延至的日期', 'requestedDue is required');
  const due = futureDue(req.requestedDue, nowMs, 'requestedDue');
  const current = parseInstant(state.due, 'due');
  if (due <= current.toMillis()) throw zhErr(`申请延至的日期应晚于现截止时间 ${minute(state.due)}`, 'requested due must be later');
  const { maxDays } = ruleOf(spec);
  const latest = current.plus({ days: maxDays });
  if (due > latest.toMillis())
    throw zhErr(`延期最长 ${maxDays} 天，申请延至的日期不能晚于 ${chineseDate(latest.toISO()!)}`, 'requested due beyond the cap');
  if (req.attachment !== undefined) checkAttachment(req.attachment);
}

export function applyForExtension(state: ObligationState, req: ExtensionApplicationRequest, nowMs: number): ExtensionApplication {
  const at = isoAt(nowMs);
  const application: ExtensionApplication = {
    seq: (state.extensions?.length ?? 0) + 1,
    at,
    by: req.by.trim(),
    reason: req.reason.trim(),
    requestedDue: readDue(req.requestedDue, 'requestedDue'),
    dueWhenApplied: state.due,
    ...(req.attachment ? { attachment: req.attachment } : {}),
  };
  state.extensions = [...(state.extensions ?? []), application];
  state.timeline.push({
    at,
    kind: 'extension-applied',
    by: application.by,
    note: `第${application.seq}次延期申请，申请延至 ${application.requestedDue}：${application.reason}`,
  });
  state.version++;
  return application;
}

export function checkDecideExtension(state: ObligationState, req: ExtensionDecisionRequest, nowMs: number): void {
  const pending = pendingExtension(state);
  if (!pending) throw zhErr('该事项没有待审批的延期申请', 'no pending application');
  checkBy(req?.by, '审批人');
  if (typeof req.approve !== 'boolean') throw zhErr('审批结论应为批准或不予批准', 'approve must be true or false');
  if (req.approve) checkExtend(state, { by: req.by, newDue: req.due ?? pending.requestedDue, reason: approvalNote(pending) }, nowMs);
  else checkReason(req.reason, '不予批准须说明理由');
}

export function decideExtension(state: ObligationState, req: ExtensionDecisionRequest, nowMs: number): void {
  const pending = pendingExtension(state)!;
  const at = isoAt(nowMs);
  const by = req.by.trim();
  if (req.approve) {
    applyExtend(state, { by, newDue: req.due ?? pending.requestedDue, reason: approvalNote(pending) }, nowMs);
    pending.decision = { at, by, approved: true, due: state.due };
    return;
  }
  const reason = req.reason!.trim();
  pending.decision = { at, by, approved: false, reason };
  state.timeline.push({ at, kind: 'extension-refused', by, note: `第${pending.seq}次延期申请不予批准：${reason}` });
  state.version++;
}

/** A notice the workflow owes about an application: to the supervisor when made, to the unit when decided. */
export interface ExtensionNoticeDue {
  application: ExtensionApplication;
  kind: 'applied' | 'decided';
  /** Idempotency part, e.g. ext-1-applied. */
  key: string;
}

/** Notices about applications not yet sent, oldest first. */
export function extensionNoticesDue(state: ObligationState): ExtensionNoticeDue[] {
  const out: ExtensionNoticeDue[] = [];
  for (const application of state.extensions ?? []) {
    const kinds: ExtensionNoticeDue['kind'][] = application.decision ? ['applied', 'decided'] : ['applied'];
    for (const kind of kinds) {
      const key = `ext-${application.seq}-${kind}`;
      if (!state.sent.includes(key)) out.push({ application, kind, key });
    }
  }
  return out;
}

/**
 * When an application's notice goes: the supervisor's notice of a new application at once (it may be decided the
 * same day); a decision, to the unit, at the next office hour (`sendAt` on a working day) after it was made.
 * `officeHours` false: at once (histories from before the rule).
 */
export function extensionNoticeAtMs(n: ExtensionNoticeDue, sendAt: string | undefined, officeHours: boolean): number {
  if (n.kind === 'applied' || !officeHours || !n.application.decision) return Number.NEGATIVE_INFINITY;
  return nextOfficeHourMs(parseInstant(n.application.decision.at, 'decision.at').toMillis(), sendAt);
}

/** Records an application's notice as sent. */
export function markExtensionNoticeSent(state: ObligationState, n: ExtensionNoticeDue, to: string[], nowMs: number): void {
  state.sent.push(n.key);
  state.timeline.push({ at: isoAt(nowMs), kind: `extension-${n.kind}-notice`, to, note: n.key });
  state.version++;
}

const approvalNote = (a: ExtensionApplication) => `批准第${a.seq}次延期申请`;

function checkAttachment(a: AttachmentRef): void {
  const ext = /\.[^.]+$/.exec(String(a?.filename ?? ''))?.[0]?.toLowerCase() ?? '';
  const ok =
    !!ALLOWED_ATTACHMENT_TYPES[ext] &&
    String(a.filename).length <= 200 &&
    /^[0-9a-f]{64}$/.test(String(a.sha256)) &&
    a.size > 0 &&
    a.size <= MAX_ATTACHMENT_BYTES;
  if (!ok) throw zhErr(`附件 ${a?.filename ?? ''} 无效（类型、大小或摘要不符）`, 'invalid attachment reference');
}

const minute = chineseDateTime;
