// A plan's run as the CLI, the board and scripts see it: which plans run, which one is meant, its ledger, and
// starting it (the plan, its rounds and obligations) and waiting for its obligations to start.
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { taskQueue } from '../config/temporal';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { planInput, planRunSpec } from '../domain/obligation/spec';
import { packRound } from '../domain/obligation/packed-round';
import { obligationSummary, planSummary, roundSummary } from '../domain/obligation/summaries';
import type { LoadedPlan } from '../domain/plan/load';
import { planHolidays } from '../domain/plan/plan-holidays';
import { scoringRules } from '../domain/scoring/rules';
import { readPlanLedger } from '../store/ledger-reader';
import { scoringMemo } from '../store/scoring-memo';
import { planDocumentsMemo } from './plan-documents';
import { refusing } from './refusals';
import { AppError, NotFound } from './errors';

/** The plan meant: the one given, or the only one running. */
export async function resolvePlan(client: Client, planId?: string): Promise<string> {
  if (planId) return planId;
  const ids = await runningPlans(client);
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw new NotFound('没有正在运行的方案：请先运行 duban start <方案文件>');
  throw new AppError(`有多个方案在运行（${ids.join('、')}），请用 --plan 指明`);
}

export async function runningPlans(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `DubanKind = 'plan' AND ExecutionStatus = 'Running'` })) ids.push(wf.workflowId);
  return ids.sort();
}

export async function planLedgerOf(client: Client, planId: string): Promise<ObligationSnapshot[]> {
  return refusing(() => readPlanLedger(client, planId), `未找到方案 ${planId}`);
}

/** How many starts a plan's start sends to the server at once. */
const PARALLEL_STARTS = 50;

/**
 * Starts a plan: its workflow (the year, the annual summary), each round with its own obligations (so no payload
 * holds the whole plan), then the obligations themselves, next to their rounds. Ids are deterministic: a second
 * start starts only what is missing, which also mends a start that was interrupted. Answers false when the plan
 * was already running.
 */
export async function startPlanRun(
  client: Client,
  loaded: LoadedPlan,
  opts: { taskQueue?: string; clockShiftMs?: number } = {},
): Promise<boolean> {
  const queue = opts.taskQueue ?? taskQueue();
  const spec = planRunSpec(loaded);
  const shift = opts.clockShiftMs !== undefined ? { clockShiftMs: opts.clockShiftMs } : {};
  const fresh = await startOnce(() =>
    client.workflow.start('planWorkflow', {
      args: [{ ...planInput(spec), ...shift }],
      taskQueue: queue,
      workflowId: spec.plan,
      staticSummary: planSummary(spec.title, spec.rounds.length),
      // The scoring rules live in the memo, read by whoever shows the ranking; no workflow carries them.
      memo: { ...scoringMemo(scoringRules({ ...loaded.plan.scoring, holidays: planHolidays(loaded.plan) })), ...planDocumentsMemo(loaded) },
    }),
  );
  // Mending a running plan never starts again a round or obligation that has closed (an accepted report).
  const workflowIdReusePolicy = fresh ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE';
  // Rounds first: an obligation tells its round of every change.
  await inParallel(spec.rounds, (round) =>
    startOnce(() =>
      client.workflow.start('roundWorkflow', {
        args: [{ ...packRound(round), obligationsStartedApart: true, ...shift }],
        taskQueue: queue,
        workflowId: round.round,
        workflowIdReusePolicy,
        staticSummary: roundSummary(round),
      }),
    ),
  );
  // Started here, beside their rounds (not as the rounds' children): the server's work per obligation is that of a
  // plain start, which the rounds' histories would otherwise add to.
  await inParallel(
    spec.rounds.flatMap((r) => r.obligations),
    (o) =>
      startOnce(() =>
        client.workflow.start('obligationWorkflowV2', {
          args: [{ ...o, ...shift }],
          taskQueue: queue,
          workflowId: o.id,
          workflowIdReusePolicy,
          staticSummary: obligationSummary(o),
        }),
      ),
  );
  return fresh;
}

/** Runs `work` on every item, PARALLEL_STARTS at a time. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  const pending = [...items];
  const worker = async () => {
    for (let item = pending.shift(); item !== undefined; item = pending.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: PARALLEL_STARTS }, worker));
}

/** Starts a workflow unless it is already running: false then. */
async function startOnce(start: () => Promise<unknown>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/**
 * Waits while the plan's obligation workflows are being started, reporting the count as it grows;
 * returns the last count (the total, unless `timeoutMs` passed first).
 */
export async function waitForObligations(
  client: Client,
  plan: string,
  total: number,
  onCount: (n: number) => void = () => undefined,
  timeoutMs = 120_000,
  stop: () => boolean = () => false,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  // Only this run's workflows count (a plan id started again after a termination has older ones).
  const since = (await client.workflow.getHandle(plan).describe()).startTime.toISOString();
  const query = `DubanPlan = '${plan}' AND DubanKind = 'obligation' AND StartTime >= '${since}'`;
  let n = 0;
  for (;;) {
    n = Math.min(total, (await client.workflow.count(query)).count);
    onCount(n);
    if (n >= total || Date.now() > until || stop()) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}
