// The plan's ledger (台账), read from its rounds: each round keeps its obligations' state, so no workflow
// holds every obligation and no payload grows beyond one round. Used by the CLI, the web and the annual summary.
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { AnnualSummary, annualSummary } from '../domain/obligation/annual';
import type { ObligationSnapshot } from '../domain/obligation/notice';
import { planLedger, planRounds, roundSnapshots } from '../workflows/messages';
import type { NoticeSink } from './notices';
import { readScoringRules } from './plan-scoring';
import { annualRanking, scoreUnits } from '../domain/scoring/score';

/** How many rounds are asked at once (more stalled the time-skipping test server's connection in simulations). */
const PARALLEL_QUERIES = 4;

export async function readPlanLedger(client: Client, plan: string): Promise<ObligationSnapshot[]> {
  const handle = client.workflow.getHandle(plan);
  const rounds = await handle.query(planRounds);
  if (rounds === null) return handle.query(planLedger); // a plan that keeps its own ledger (started before)
  return readRounds(client, rounds);
}

/** Every obligation of the given rounds; a round that no longer exists contributes nothing. */
export async function readRounds(client: Client, rounds: string[]): Promise<ObligationSnapshot[]> {
  const out: ObligationSnapshot[][] = new Array(rounds.length);
  let next = 0;
  const worker = async () => {
    while (next < rounds.length) {
      const i = next++;
      try {
        out[i] = await client.workflow.getHandle(rounds[i]).query(roundSnapshots);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        out[i] = [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_QUERIES, rounds.length) }, worker));
  return out.flat();
}

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
