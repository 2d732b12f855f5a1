// Rounds and look-backs as data: the round's one-line state, a 回头看 round built from a finished one,
// and a rectification (整改) obligation opened from a finding.
import { DomainError } from '../errors';
import type { ObligationSnapshot } from './notice';
import type { ObligationSpec, RoundSpec } from './spec';
import { STAGE_ZH } from './lifecycle';

export function roundSummary(spec: RoundSpec, snapshots: ObligationSnapshot[]): string {
  const count = (f: (s: ObligationSnapshot) => boolean) => snapshots.filter(f).length;
  const head = `${spec.kind === 'lookback' ? '回头看' : '轮次'} · 任务${spec.task} · ${spec.duty} · 截止 ${spec.due.slice(0, 10)}`;
  const parts = (['accepted', 'submitted', 'open', 'returned', 'overdue', 'cancelled'] as const)
    .map((st) => [STAGE_ZH[st], count((s) => s.stage === st)] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n}`);
  return `${head}\n共 ${snapshots.length} 个单位：${parts.join('，')}`;
}

export interface LookBackRequest {
  /** Who starts it (recorded as the opener). */
  by: string;
  /** The round looked back on, e.g. jiangmen-2024.t14.may */
  round: string;
  /** Deadline of the look-back reports (YYYY-MM-DD or instant). */
  due: string;
  /** Which units: all of the round's, only those late or returned, or the named ones. */
  units: 'all' | 'late-or-returned' | string[];
  /** Sequence number, so a second look-back on the same round gets its own ids. */
  seq: number;
}

/** A 回头看 round from a finished round's specs and final snapshots. */
export function lookBackSpec(source: RoundSpec, finals: ObligationSnapshot[], req: LookBackRequest, dueIso: string, planWorkflowId?: string): RoundSpec {
  const byId = new Map(finals.map((s) => [s.id, s]));
  const pick = (o: ObligationSpec): boolean => {
    if (req.units === 'all') return true;
    if (Array.isArray(req.units)) return req.units.includes(o.unit);
    const s = byId.get(o.id);
    // Returned at least once: the accepted report is not the first one (receipt HZ-…-2 and later).
    const wasReturned = Number(s?.submission?.receipt.split('-').at(-1) ?? 1) > 1;
    return !s || s.stage !== 'accepted' || !s.submission?.onTime || wasReturned;
  };
  const chosen = source.obligations.filter((o) => o.followUpOf === undefined && pick(o));
  if (Array.isArray(req.units)) {
    const unknown = req.units.filter((u) => !source.obligations.some((o) => o.unit === u));
    if (unknown.length) throw new DomainError(`单位不在该轮次中：${unknown.join('、')}`, `not in the round: ${unknown.join(', ')}`);
  }
  if (chosen.length === 0) throw new DomainError('没有需要回头看的单位', 'no unit to look back on');
  const dutyId = `${source.dutyId}-lb${req.seq}`;
  const round = `${source.round}.lb${req.seq}`;
  return {
    ...source,
    round,
    dutyId,
    duty: `${source.duty}（回头看）`,
    due: dueIso,
    kind: 'lookback',
    ...(planWorkflowId ? { planWorkflowId } : {}),
    obligations: chosen.map((o) => ({
      ...o,
      id: `${o.plan}.t${o.task}.${dutyId}.${o.unitCode}`,
      dutyId,
      duty: `${o.duty}（回头看）`,
      due: dueIso,
      round,
      targets: [],
      followUpOf: o.id,
      openedBy: req.by.trim(),
      notify: [round],
    })),
  };
}

export interface RectificationRequest {
  by: string;
  unit: string;
  finding: string;
  due: string;
}

/**
 * A 整改 obligation for one unit of a round, following up a finding. `numbered`: a unit's second and later 整改 in a round get ids of their own (…-zg2, …-zg3), so an accepted one
 * is never started again under its id (which would reuse its receipt numbers).
 */
export function rectificationSpec(round: RoundSpec, req: RectificationRequest, snapshots: ObligationSnapshot[], dueIso: string, openedAt: string, numbered = true): ObligationSpec {
  if (!req?.by?.trim()) throw new DomainError('请填写操作人', 'operator (by) is required');
  if (!req.finding?.trim()) throw new DomainError('请写明发现的问题', 'a finding is required');
  const base = round.obligations.find((o) => o.unit === req.unit && !/-zg\d*$/.test(o.dutyId));
  if (!base) throw new DomainError(`单位不在该轮次中：${req.unit}`, `not in the round: ${req.unit}`);
  const prefix = `${base.plan}.t${base.task}.${round.dutyId}-zg`;
  const earlier = snapshots.filter((s) => s.id.endsWith(`.${base.unitCode}`) && new RegExp(`^${prefix.replace(/[.]/g, '\\.')}\\d*\\.`).test(s.id));
  if (earlier.some((s) => s.stage !== 'accepted' && s.stage !== 'cancelled')) {
    throw new DomainError(`${req.unit} 已有未完成的整改事项`, 'a rectification for this unit is already open');
  }
  const dutyId = `${round.dutyId}-zg${numbered && earlier.length ? earlier.length + 1 : ''}`;
  const id = `${base.plan}.t${base.task}.${dutyId}.${base.unitCode}`;
  return {
    ...base,
    id,
    dutyId,
    duty: `整改：${req.finding.trim()}`,
    due: dueIso,
    opens: openedAt,
    targets: [],
    followUpOf: base.id,
  };
}
