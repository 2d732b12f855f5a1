// 回头看: a round's look-back, started as its own round workflow that reports to the plan's ledger.
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { taskQueue } from '../config/temporal';
import { readDue } from '../domain/calendar/deadline';
import { LookBackRequest, lookBackSpec } from '../domain/obligation/rounds';
import type { RoundSpec } from '../domain/obligation/spec';
import { roundSummary } from '../domain/obligation/summaries';
import { roundSnapshots, roundSpec } from '../domain/contract/messages';
import { packRound, unpackRound } from '../domain/obligation/packed-round';
import { refusedBy, refusing } from './refusals';
import { AppError, Conflict, Refused } from './errors';

/**
 * Starts a 回头看 round on `round` (its own workflow, reporting to the plan's ledger); returns its spec. The one
 * way a 回头看 starts, from the CLI, the board and simulations (which pass their shifted `nowMs`).
 */
export async function lookBack(
  client: Client,
  round: string,
  req: Omit<LookBackRequest, 'round' | 'seq'>,
  queue = taskQueue(),
  nowMs = Date.now(),
): Promise<RoundSpec> {
  if (!req.by?.trim()) throw new AppError('请填写发起人');
  let due: string;
  try {
    due = readDue(req.due ?? '', 'due');
  } catch {
    throw new AppError(`回头看截止时间无效："${req.due ?? ''}"（应为 2024-12-20 这样的日期）`);
  }
  if (Date.parse(due) <= nowMs) throw new AppError(`回头看截止时间 ${req.due} 已经过去`);
  const h = client.workflow.getHandle(round);
  const [packed, finals] = await refusing(() => Promise.all([h.query(roundSpec), h.query(roundSnapshots)]), `未找到轮次 ${round}`);
  const source = unpackRound(packed);
  if (source.kind === 'lookback') throw new Refused(`${round} 本身是回头看轮次，请对原轮次发起`);
  // Each look-back on a round gets the next free sequence number (…lb1, …lb2).
  for (let seq = 1; seq <= 99; seq++) {
    let spec!: RoundSpec;
    refusedBy(() => (spec = lookBackSpec(source, finals, { ...req, round, seq }, due, source.planWorkflowId)));
    try {
      await client.workflow.start('roundWorkflow', {
        args: [packRound(spec)],
        taskQueue: queue,
        workflowId: spec.round,
        // A closed 回头看 keeps its id: the next one on the round takes the next number.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: roundSummary(spec, req.by.trim()),
      });
      return spec;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  throw new Conflict(`轮次 ${round} 的回头看已达上限`);
}
