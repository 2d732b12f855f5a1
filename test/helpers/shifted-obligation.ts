// Starts an obligation of the shipped 2024 plan on the time-skipping server as if it were a given moment of
// 2024 (a clock shift), and skips virtual time to later moments of that year.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationState } from '../../domain/contract/messages';
import { loadShipped } from './plan-files';

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const ms = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();

/**
 * `acknowledging`: started with the plan's 签收 rule (签收提醒 while not acknowledged); without it, as an
 * obligation started before 签收 existed, so tests of the deadline's ladder see that ladder alone.
 */
export async function startShifted(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  id: string,
  startAt: string,
  suffix: string,
  acknowledging = false,
) {
  const shift = (await env.currentTimeMs()) - ms(startAt);
  const planned = specs.get(id)!;
  const { acknowledgeWithin: _rule, ...withoutRule } = planned.ladderConfig;
  const ladderConfig = acknowledging ? planned.ladderConfig : withoutRule;
  const spec: ObligationSpec = { ...planned, ladderConfig, notify: [], clockShiftMs: shift };
  const handle = await env.client.workflow.start(obligationWorkflow, { args: [spec], taskQueue, workflowId: `${id}.${suffix}` });
  await handle.query(obligationState);
  /**
   * Skips virtual time until the simulated clock reads `iso` (Beijing time), then lets the worker finish the
   * workflow task that the fired timers scheduled and the activities it started (a notice being sent, slow on a
   * loaded machine), so what the test reads next is the state after them.
   */
  const until = async (iso: string) => {
    await env.sleep(Math.max(0, ms(iso) - ((await env.currentTimeMs()) - shift)));
    for (let i = 0; i < 200; i++) {
      const d = await handle.describe();
      if (d.status.name !== 'RUNNING' || (!d.raw.pendingWorkflowTask && !d.raw.pendingActivities?.length)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { handle, until };
}
