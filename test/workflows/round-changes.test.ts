// Obligations tell their round of changes without waiting for each signal to land, so two may arrive out of
// order: the round keeps the newest by the obligation's state version, and still takes signals without one
// (obligations started before versions were sent).
import { DateTime } from 'luxon';
import { planRunSpec, RoundSpec } from '../../domain/obligation/spec';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { obligationChanged, obligationState, roundSnapshots } from '../../domain/contract/messages';
import { yellowFrom } from '../../domain/obligation/lifecycle';
import { roundWorkflow } from '../../workflows/round';
import { loadShipped } from '../helpers/plan-files';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'round-changes-test';
const suite = timeSkippingSuite(TQ);

/** An obligation its round starts (in the round's first task), once the server has it. */
async function started(id: string) {
  const handle = suite.env.client.workflow.getHandle(id);
  for (let i = 0; i < 100 && !(await handle.describe().catch(() => undefined)); i++) await new Promise((r) => setTimeout(r, 100));
  return handle;
}

test('a change that lands after a newer one does not overwrite it; one without a version is taken as before', async () => {
  const source = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t14.may')!;
  const shift = (await suite.env.currentTimeMs()) - DateTime.fromISO('2024-05-01T00:00', { zone: 'Asia/Shanghai' }).toMillis();
  const spec: RoundSpec = { ...source, obligations: source.obligations.slice(0, 1), clockShiftMs: shift };
  const round = await suite.env.client.workflow.start(roundWorkflow, { args: [spec], taskQueue: TQ, workflowId: `${spec.round}.order` });
  const [opening] = await round.query(roundSnapshots);
  const told = (s: Partial<ObligationSnapshot>) => round.signal(obligationChanged, { ...opening, ...s });
  const row = async () => (await round.query(roundSnapshots))[0];

  await told({ stage: 'submitted', level: 0, version: 9 });
  await told({ stage: 'open', level: 1, version: 7 }); // sent before the report, landed after it
  expect(await row()).toMatchObject({ stage: 'submitted', level: 0 });
  expect(await row()).not.toHaveProperty('version'); // the board and the ledger never see it

  await told({ stage: 'returned', version: 12 });
  expect((await row()).stage).toBe('returned');
  await told({ stage: 'overdue' }); // no version: an obligation from before
  expect((await row()).stage).toBe('overdue');
  await round.terminate('test over');
  await (await started(spec.obligations[0].id)).terminate('test over'); // it outlives its round
}, 120_000);

test('an obligation its round opened tells the round nothing at its start, and its first change reaches the board row', async () => {
  const source = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t14.may')!;
  const shift = (await suite.env.currentTimeMs()) - DateTime.fromISO('2024-05-06T10:00', { zone: 'Asia/Shanghai' }).toMillis();
  const round = `${source.round}.quiet`;
  const obligations = source.obligations.slice(0, 1).map((o) => ({ ...o, id: `${o.id}.quiet`, notify: [round] }));
  const spec: RoundSpec = { ...source, round, obligations, clockShiftMs: shift };
  const handle = await suite.env.client.workflow.start(roundWorkflow, { args: [spec], taskQueue: TQ, workflowId: round });
  // Changes the round received, and signals the obligation sent itself (none: its worker's client tells the round).
  const signalsToRound = async () =>
    ((await handle.fetchHistory()).events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'obligationChanged',
    ).length;
  const signalsSentByObligation = async () =>
    ((await obligation.fetchHistory()).events ?? []).filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes).length;
  const obligation = await started(obligations[0].id);
  await obligation.query(obligationState); // its first task is done: it sleeps until its light turns yellow
  expect(await signalsToRound()).toBe(0);
  // Its patches are taken under one marker (with the SDK's upsert of the patch), its search attributes set in one
  // upsert, where each patch used to cost two events; its first notice, weeks away, is left for a later wake-up:
  // a first task of four commands.
  const afterFirstTask = ((await obligation.fetchHistory()).events ?? []).slice(4);
  const next = afterFirstTask.findIndex((e) => e.workflowTaskScheduledEventAttributes);
  const firstTask = afterFirstTask.slice(0, next < 0 ? undefined : next).map((e) => {
    if (e.markerRecordedEventAttributes) return `marker:${e.markerRecordedEventAttributes.markerName}`;
    if (e.upsertWorkflowSearchAttributesEventAttributes) return 'upsert';
    return e.timerStartedEventAttributes ? 'timer' : 'other';
  });
  expect(firstTask).toEqual(['marker:core_patch', 'upsert', 'upsert', 'timer']);
  expect((await handle.query(roundSnapshots))[0]).toMatchObject({ stage: 'open', light: 'green', level: 0 });

  // Three working days before the May deadline the light turns yellow: that the round hears, once.
  await suite.env.sleep(yellowFrom(obligations[0].due) - ((await suite.env.currentTimeMs()) - shift) + 60_000);
  // The change is told within the obligation's task and lands in the round's next one.
  for (let i = 0; i < 100 && (await handle.query(roundSnapshots))[0].light !== 'yellow'; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await handle.query(roundSnapshots))[0].light).toBe('yellow');
  expect(await signalsToRound()).toBe(1);
  expect(await signalsSentByObligation()).toBe(0);
  await obligation.terminate('test over');
  await handle.terminate('test over');
}, 120_000);
