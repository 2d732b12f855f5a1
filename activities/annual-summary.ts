// The plan's year-end activities: the annual summary (年度总结) compiled from the rounds' ledger.
import type { Client } from '@temporalio/client';
import { AnnualSummary, annualSummary } from '../domain/obligation/annual';
import type { NoticeSink } from './notices';
import { readRounds } from '../store/ledger-reader';
import { readScoringRules } from '../store/scoring-memo';
import { annualRanking, scoreUnits } from '../domain/scoring/score';

export interface PlanSummaryRequest {
  plan: string;
  title: string;
  year: number;
  supervisor: string;
  supervisorEmail?: string;
  rounds: string[];
  /** The year-end instant: the summary is the state as of then. */
  at: string;
  workflowId: string;
}

export function createLedgerActivities(deps: { notices: NoticeSink; temporal?: () => Client }) {
  const compilePlanAnnualSummary = async (r: PlanSummaryRequest): Promise<AnnualSummary> => {
    if (!deps.temporal) throw new Error('ledger activities need a Temporal client');
    const ledger = await readRounds(deps.temporal(), r.rounds);
    // The ranking as of the year-end instant, with the rules the plan was started with.
    const rules = await readScoringRules(deps.temporal(), r.workflowId);
    const ranking = annualRanking(scoreUnits(ledger, rules, Date.parse(r.at)));
    return { ...annualSummary(r, ledger, r.at, r.workflowId), ranking };
  };
  return {
    /** The annual summary (年度总结) from the rounds' ledger as it is now; the plan delivers it at office hours. */
    compilePlanAnnualSummary,
    /** Compiled and delivered at once (plans from before office-hour delivery). */
    async sendPlanAnnualSummary(r: PlanSummaryRequest): Promise<void> {
      await deps.notices.deliverAnnualSummary(await compilePlanAnnualSummary(r));
    },
  };
}

export type LedgerActivities = ReturnType<typeof createLedgerActivities>;
