// Starting an imported plan from the board, once (as `duban start` does: the same start, the same refusal of a
// second one), and its progress: how many of its rounds and obligations the server lists as started.
import type { Client } from '@temporalio/client';
import { planRunSpec } from '../../domain/obligation/spec';
import type { LoadedPlan } from '../../domain/plan/load';
import { startPlanRun } from '../plan-runs';
import { Conflict } from '../errors';

export interface StartProgress {
  plan: string;
  rounds: { started: number; total: number };
  obligations: { started: number; total: number };
  done: boolean;
}

/** The refusal of a second start, in the words of `duban start`. */
export const alreadyRunning = (plan: string) => new Conflict(`方案 ${plan} 已在运行，未重复启动`);

/** Refuses when the plan's workflow is already running (started from the CLI, another import or npm start). */
export async function refuseRunning(client: Client, plan: string): Promise<void> {
  try {
    const d = await client.workflow.getHandle(plan).describe();
    if (d.status.name === 'RUNNING') throw alreadyRunning(plan);
  } catch (err) {
    if (err instanceof Conflict) throw err;
    // not found: never started
  }
}

/** Starts the plan's workflows; a plan already running is refused (nothing started twice). */
export async function startImportedPlan(client: Client, loaded: LoadedPlan, taskQueue: string): Promise<void> {
  if (!(await startPlanRun(client, loaded, { taskQueue }))) throw alreadyRunning(planRunSpec(loaded).plan);
}

/** Counts the plan's round and obligation workflows the server has. */
export async function startProgress(client: Client, plan: string, totals: { rounds: number; obligations: number }): Promise<StartProgress> {
  const safe = plan.replace(/'/g, '');
  const count = async (kind: string) => (await client.workflow.count(`DubanPlan = '${safe}' AND DubanKind = '${kind}'`)).count;
  const [rounds, obligations] = await Promise.all([count('round'), count('obligation')]);
  const r = Math.min(rounds, totals.rounds);
  const o = Math.min(obligations, totals.obligations);
  return {
    plan,
    rounds: { started: r, total: totals.rounds },
    obligations: { started: o, total: totals.obligations },
    done: r >= totals.rounds && o >= totals.obligations,
  };
}
