// 回头看 and 整改 as data: a 回头看 round built from a finished one, and a rectification (整改) obligation
// opened from a finding.
import { DomainError } from '../errors';
import type { ObligationSnapshot } from './snapshot';
import type { ObligationSpec, RoundSpec } from './spec';
import { isClosed } from './state';
import { kindOf, lookBackIds, obligationId, receiptSeq, rectificationDutyId } from './ids';

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
export function lookBackSpec(
  source: RoundSpec,
  finals: ObligationSnapshot[],
  req: LookBackRequest,
  dueIso: string,
  planWorkflowId?: string,
): RoundSpec {
  const byId = new Map(finals.map((s) => [s.id, s]));
  const pick = (o: ObligationSpec): boolean => {
    if (req.units === 'all') return true;
    if (Array.isArray(req.units)) return req.units.includes(o.unit);
    const s = byId.get(o.id);
    // Returned at least once: the accepted report is not the first one (receipt HZ-…-2 and later).
    const wasReturned = s?.submission !== undefined && receiptSeq(s.submission.receipt) > 1;
    return !s || s.stage !== 'accepted' || !s.submission?.onTime || wasReturned;
  };
  const chosen = source.obligations.filter((o) => o.followUpOf === undefined && pick(o));
  if (Array.isArray(req.units)) {
    const unknown = req.units.filter((u) => !source.obligations.some((o) => o.unit === u));
    if (unknown.length) throw new DomainError(`单位不在该轮次中：${unknown.join('、')}`, `not in the round: ${unknown.join(', ')}`);
  }
  if (chosen.length === 0) throw new DomainError('没有需要回头看的单位', 'no unit to look back on');
  const { round, dutyId } = lookBackIds(source, req.seq);
  // A 回头看 round starts its own obligations, whoever started the round it looks back on.
  const { obligationsStartedApart: _apart, ...rest } = source;
  return {
    ...rest,
    round,
    dutyId,
    duty: `${source.duty}（回头看）`,
    due: dueIso,
    kind: 'lookback',
    ...(planWorkflowId ? { planWorkflowId } : {}),
    obligations: chosen.map((o) => ({
      ...o,
      id: obligationId(o.plan, o.task, dutyId, o.unitCode),
      dutyId,
      duty: `${o.duty}（回头看）`,
      due: dueIso,
      round,
      targets: [],
      kind: 'lookback' as const,
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
 * A 整改 obligation for one unit of a round, following up a finding. `numbered`: a unit's second and later
 * 整改 in a round get ids of their own (…-zg2, …-zg3), so an accepted one is never started again under its
 * id (which would reuse its receipt numbers). The round's specs include the 整改 it opened before; the
 * snapshots give their stages.
 */
export function rectificationSpec(
  round: RoundSpec,
  req: RectificationRequest,
  snapshots: ObligationSnapshot[],
  dueIso: string,
  openedAt: string,
  numbered = true,
): ObligationSpec {
  if (!req?.by?.trim()) throw new DomainError('请填写操作人', 'operator (by) is required');
  if (!req.finding?.trim()) throw new DomainError('请写明发现的问题', 'a finding is required');
  const base = round.obligations.find((o) => o.unit === req.unit && kindOf(o) !== 'rectification');
  if (!base) throw new DomainError(`单位不在该轮次中：${req.unit}`, `not in the round: ${req.unit}`);
  const stages = new Map(snapshots.map((s) => [s.id, s.stage]));
  const earlier = round.obligations.filter((o) => o.followUpOf === base.id && kindOf(o) === 'rectification');
  if (earlier.some((o) => !isClosed(stages.get(o.id) ?? 'open'))) {
    throw new DomainError(`${req.unit} 已有未完成的整改事项`, 'a rectification for this unit is already open');
  }
  const dutyId = rectificationDutyId(round.dutyId, numbered ? earlier.length + 1 : 1);
  return {
    ...base,
    id: obligationId(base.plan, base.task, dutyId, base.unitCode),
    dutyId,
    duty: `整改：${req.finding.trim()}`,
    due: dueIso,
    opens: openedAt,
    targets: [],
    kind: 'rectification',
    followUpOf: base.id,
  };
}
