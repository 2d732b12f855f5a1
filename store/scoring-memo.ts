// Where a running plan keeps its scoring rules: in its workflow's memo, written when the plan is started
// (no workflow input or code carries them). The board, the CLI, the ledger XLSX and the annual summary read them
// here; a plan started before scoring existed, or one whose memo cannot be read, gets the default rules.
import type { Client } from '@temporalio/client';
import { ScoringRules, scoringRules, ScoringRulesInput } from '../domain/scoring/rules';

export const SCORING_MEMO = 'duban-scoring';

/** The memo a plan workflow is started with. */
export const scoringMemo = (rules: ScoringRules): Record<string, unknown> => ({ [SCORING_MEMO]: rules });

export async function readScoringRules(client: Client, plan: string): Promise<ScoringRules> {
  try {
    const d = await client.workflow.getHandle(plan).describe();
    return scoringRules(d.memo?.[SCORING_MEMO] as ScoringRulesInput | undefined);
  } catch {
    return scoringRules();
  }
}
