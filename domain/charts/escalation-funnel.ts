// Chart 3: the escalation funnel of the year, 提醒 → 催办 → 督办 → 通报: how many obligations reached each rung,
// and which units. Rungs are those of each obligation's current deadline (an extension or a return starts its
// ladder again), as the 考核 scores count them. Pure.
import type { ObligationSnapshot } from '../obligation/snapshot';
import { DEFAULT_LADDER, LADDER_STEPS, LadderConfig } from '../calendar/ladder';
import { STEP_ZH } from '../notices/step-labels';
import { atOfficeHour, nthWorkingDayBefore } from '../calendar/working-days';
import { parseInstant } from '../calendar/time';

/** The rungs by name: 提醒, 催办, 督办, 通报. */
export const RUNGS = LADDER_STEPS.map((s) => STEP_ZH[s]);
export type Rung = string;

export interface FunnelRung {
  rung: Rung;
  /** Obligations that reached this rung (or a stronger one). */
  obligations: number;
  /** The units with such obligations, most obligations first, with how many. */
  units: { unit: string; obligations: number }[];
}

/**
 * The rung an obligation reached by `nowMs`: 0 none, 1 提醒 (its first reminder came while no report had arrived),
 * 2 催办, 3 督办, 4 通报 (its escalation level, which the ledger carries).
 */
export function rungOf(
  row: ObligationSnapshot,
  nowMs: number,
  ladder: LadderConfig = DEFAULT_LADDER,
  remindAt: (due: string) => number = firstReminderAt(ladder),
): number {
  if (row.stage === 'cancelled') return 0;
  if (row.level > 0) return 1 + Math.min(3, row.level);
  const remindMs = remindAt(row.due);
  if (remindMs > nowMs) return 0;
  const delivered = (row.stage === 'submitted' || row.stage === 'accepted') && row.submission;
  return delivered && Date.parse(row.submission!.at) <= remindMs ? 0 : 1;
}

/** The instant of a deadline's first reminder (Infinity when the ladder has none), each deadline worked out once. */
function firstReminderAt(ladder: LadderConfig): (due: string) => number {
  const first = Math.max(0, ...ladder.remindBefore);
  const known = new Map<string, number>();
  return (due) => {
    let at = known.get(due);
    if (at === undefined) {
      at =
        first === 0
          ? Infinity
          : atOfficeHour(nthWorkingDayBefore(parseInstant(due, 'due'), first, ladder.holidays), ladder.sendAt).toMillis();
      known.set(due, at);
    }
    return at;
  };
}

export function escalationFunnel(ledger: ObligationSnapshot[], nowMs: number, ladder: LadderConfig = DEFAULT_LADDER): FunnelRung[] {
  const perRung = RUNGS.map(() => new Map<string, number>());
  const remindAt = firstReminderAt(ladder);
  for (const row of ledger) {
    const reached = rungOf(row, nowMs, ladder, remindAt);
    for (let i = 0; i < reached; i++) perRung[i].set(row.unit, (perRung[i].get(row.unit) ?? 0) + 1);
  }
  return RUNGS.map((rung, i) => {
    const units = [...perRung[i].entries()]
      .map(([unit, obligations]) => ({ unit, obligations }))
      .sort((a, b) => b.obligations - a.obligations || a.unit.localeCompare(b.unit, 'zh-CN'));
    return { rung, obligations: units.reduce((s, u) => s + u.obligations, 0), units };
  });
}
