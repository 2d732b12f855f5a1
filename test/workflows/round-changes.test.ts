// Obligations tell their round of changes without waiting for each signal to land, so two may arrive out of
// order: the round keeps the newest by the obligation's state version, and still takes signals without one
// (obligations started before versions were sent).
import { DateTime } from 'luxon';
import { planRunSpec, RoundSpec } from '../../domain/obligation/spec';
import type { ObligationSnapshot } from '../../domain/obligation/notice';
import { obligationChanged, roundSnapshots } from '../../workflows/messages';
import { roundWorkflow } from '../../workflows/round';
import { loadShipped } from '../helpers/plan-files';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'round-changes-test';
const suite = timeSkippingSuite(TQ);

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
}, 120_000);
