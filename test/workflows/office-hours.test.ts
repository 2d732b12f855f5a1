// Office hours on the time-skipping server: a round's 汇总 and the plan's 年度总结 are compiled at the
// deadline / year end (their content is the state then) and delivered at the next working day's 09:00. A
// report that comes after the deadline but before the delivery is not in the deadline edition.
import type { WorkflowHandle } from '@temporalio/client';
import { DateTime } from 'luxon';
import { planInput, planRunSpec, RoundSpec } from '../../domain/obligation/spec';
import { obligationState, reviewReport, roundSnapshots, submitReport } from '../../domain/contract/messages';
import { roundWorkflow } from '../../workflows/round';
import { planWorkflow } from '../../workflows/plan';
import { loadShipped } from '../helpers/plan-files';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'office-hours-test';
const suite = timeSkippingSuite(TQ);

const shipped = planRunSpec(loadShipped());
const ms = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();

/** A round of the shipped plan with its first two units, running as if it were `startAt` in 2024. */
async function startRound(id: string, startAt: string, planWorkflowId?: string) {
  const shift = (await suite.env.currentTimeMs()) - ms(startAt);
  const source = shipped.rounds.find((r) => r.round === id)!;
  const spec: RoundSpec = { ...source, obligations: source.obligations.slice(0, 2), planWorkflowId, clockShiftMs: shift };
  const round = await suite.env.client.workflow.start(roundWorkflow, { args: [spec], taskQueue: TQ, workflowId: spec.round });
  await round.query(roundSnapshots);
  const units = spec.obligations.map((o) => suite.env.client.workflow.getHandle(o.id));
  for (const u of units) await waitFor(async () => (await u.query(obligationState).catch(() => undefined)) !== undefined);
  /** Skips virtual time until the simulated clock reads `iso`, then lets the workflows finish what fired. */
  const until = async (iso: string) => {
    await suite.env.sleep(Math.max(0, ms(iso) - ((await suite.env.currentTimeMs()) - shift)));
    await settled([round, ...units]);
  };
  return { spec, shift, round, units, until, names: spec.obligations.map((o) => o.unit) };
}

async function settled(handles: WorkflowHandle[]) {
  for (const h of handles)
    await waitFor(async () => {
      const d = await h.describe();
      // A compilation or annual summary goes by an activity the fired timer's task started.
      return d.status.name !== 'RUNNING' || (!d.raw.pendingWorkflowTask && !d.raw.pendingActivities?.length);
    });
}

async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
}

const submit = (h: WorkflowHandle, by: string, figures?: Record<string, number>) =>
  h.executeUpdate(submitReport, { args: [{ by, text: `${by}的报告。`, figures }] });
const accept = (h: WorkflowHandle) => h.executeUpdate(reviewReport, { args: [{ by: '市司法局 李某', decision: 'accept' }] });

test('a 汇总 due on a Saturday is compiled at the deadline and arrives on Monday at 09:00; the final edition after a holiday on the first working day', async () => {
  // Task 5's mid-term evaluation is due Saturday 2024-08-31.
  const { units, until, names } = await startRound('jiangmen-2024.t5.midterm', '2024-08-26T10:00');
  const [first, second] = units;
  await until('2024-08-30T10:00');
  await submit(first, names[0]);
  // Sunday: after the deadline, before the 汇总 is delivered.
  await until('2024-09-01T10:00');
  await submit(second, names[1]);
  await until('2024-09-02T08:59');
  expect(suite.sink.compilations).toEqual([]);

  await until('2024-09-02T09:30');
  expect(suite.sink.compilations).toHaveLength(1);
  const [deadline] = suite.sink.compilations;
  expect(deadline).toMatchObject({ edition: 'deadline', at: '2024-08-31T23:59:59+08:00', sentAt: '2024-09-02T09:00:00+08:00' });
  // The state at the deadline: the Sunday report is not in it.
  expect(deadline.onTime.map((r) => r.unit)).toEqual([names[0]]);
  expect(deadline.late).toEqual([]);
  expect(deadline.missing.map((r) => r.unit)).toEqual([names[1]]);

  // Both accepted on National Day (10-03): the final edition waits for Tuesday 10-08, 09:00.
  await until('2024-10-03T10:00');
  await accept(first);
  await accept(second);
  await until('2024-10-07T23:00');
  expect(suite.sink.compilations).toHaveLength(1);
  await until('2024-10-08T09:30');
  expect(suite.sink.compilations).toHaveLength(2);
  const final = suite.sink.compilations[1];
  expect(final).toMatchObject({ edition: 'final', at: '2024-10-03T10:00:00+08:00', sentAt: '2024-10-08T09:00:00+08:00' });
  expect(final.onTime.map((r) => r.unit)).toEqual([names[0]]);
  expect(final.late.map((r) => r.unit)).toEqual([names[1]]);
});

test('the 年度总结 is the state at 12-31 23:59:59 and arrives on the first working day of the new year at 09:00, with the year-end 汇总', async () => {
  const plan = planInput({ ...shipped, rounds: [shipped.rounds.find((r) => r.round === 'jiangmen-2024.t5.annual')!] });
  const { units, until, names, shift } = await startRound('jiangmen-2024.t5.annual', '2024-12-27T10:00', plan.plan);
  await suite.env.client.workflow.start(planWorkflow, { args: [{ ...plan, clockShiftMs: shift }], taskQueue: TQ, workflowId: plan.plan });
  await until('2024-12-30T10:00');
  await submit(units[0], names[0], { 'training-hours': 60 });
  // New Year's Day, a holiday: the second report comes after the year's end, before the summaries go out.
  await until('2025-01-01T10:00');
  await submit(units[1], names[1], { 'training-hours': 60 });
  await until('2025-01-02T08:59');
  expect(suite.sink.annual).toEqual([]);
  expect(suite.sink.compilations).toEqual([]);

  await until('2025-01-02T09:30');
  await settled([suite.env.client.workflow.getHandle(plan.plan)]);
  expect(suite.sink.annual).toHaveLength(1);
  const [summary] = suite.sink.annual;
  expect(summary).toMatchObject({ at: '2024-12-31T23:59:59+08:00', sentAt: '2025-01-02T09:00:00+08:00', total: 2 });
  // The second unit still owed its report at year end (open or overdue: its deadline is that same second).
  expect(summary.byStage.submitted).toBe(1);
  expect(summary.byStage.open + summary.byStage.overdue).toBe(1);
  expect(summary.outstanding.map((o) => o.unit)).toEqual([names[1]]);
  expect(summary.ranking?.map((r) => r.unit).sort()).toEqual([...names].sort());
  expect(suite.sink.compilations.map((c) => [c.edition, c.at, c.sentAt])).toEqual([
    ['deadline', '2024-12-31T23:59:59+08:00', '2025-01-02T09:00:00+08:00'],
  ]);
});
