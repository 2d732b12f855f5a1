// A running plan's assessment (考核) as of a moment: its ledger scored by the rules its workflow's memo keeps
// (store/scoring-memo.ts), late working days counted on the holiday arrangements its obligations follow
// (plan-arrangements.ts). The board's ranking and ledger download and the CLI's `score` and `ledger --xlsx` read it here.
import type { Client } from '@temporalio/client';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import type { ScoringRules } from '../domain/scoring/rules';
import { scoreUnits, type UnitScore } from '../domain/scoring/score';
import { arrangedScoringRules } from './plan-arrangements';

export interface PlanScores<R extends ObligationSnapshot = ObligationSnapshot> {
  rows: R[];
  rules: ScoringRules;
  units: UnitScore[];
}

/** `rows` of `plan` (read while the rules are) scored at `nowMs`. */
export async function planScores<R extends ObligationSnapshot>(
  client: Client,
  plan: string,
  rows: R[] | Promise<R[]>,
  nowMs: number,
): Promise<PlanScores<R>> {
  const [read, rules] = await Promise.all([rows, arrangedScoringRules(client, plan)]);
  return { rows: read, rules, units: scoreUnits(read, rules, nowMs) };
}
