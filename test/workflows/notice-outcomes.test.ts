// What the worker's sender tells an obligation of a queued notice (signal noticeOutcome), on the time-skipping
// server: a stall is recorded once however often it is told; a refused reminder is recorded and reported to the
// supervisor (that report queued like any notice); a refused report is only recorded, never reported again.
import { WorkflowHandle } from '@temporalio/client';
import { cancelObligation, noticeOutcome, obligationState } from '../../domain/contract/messages';
import { startShifted } from '../helpers/shifted-obligation';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'notice-outcomes-test';
const suite = timeSkippingSuite(TQ);

const kinds = async (handle: WorkflowHandle) => (await handle.query(obligationState)).timeline.map((e) => e.kind);

/** Waits (real time) until the obligation has taken what it was told. */
async function until(handle: WorkflowHandle, ok: (k: string[]) => boolean): Promise<string[]> {
  for (let i = 0; i < 100 && !ok(await kinds(handle)); i++) await new Promise((r) => setTimeout(r, 50));
  return kinds(handle);
}

test('a stalled notice is recorded once; told again, nothing more', async () => {
  const { handle, until: skipTo } = await startShifted(suite.env, TQ, 'jiangmen-2024.t16.rectify.heshan', '2024-10-01T00:00', 'stalled');
  await skipTo('2024-10-11T10:00');
  const reminder = suite.sink.ladder[0];
  expect(reminder.stepKey).toBe('remind-7');
  for (let i = 0; i < 2; i++) await handle.signal(noticeOutcome, { notice: reminder, outcome: 'stalled', reason: '邮件服务器无法连接' });
  const seen = await until(handle, (k) => k.includes('delivery-stalled'));
  await new Promise((r) => setTimeout(r, 300)); // the second telling taken too
  expect(await kinds(handle)).toEqual(seen);
  expect(seen).toEqual(['opened', 'reminder', 'delivery-stalled']);
  expect((await handle.query(obligationState)).timeline[2].note).toBe('remind-7：邮件服务器无法连接');
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

test('a refused reminder is recorded and reported to the supervisor; a refused report is only recorded', async () => {
  const { handle, until: skipTo } = await startShifted(suite.env, TQ, 'jiangmen-2024.t15.rectify.kaiping', '2024-10-01T00:00', 'refused');
  await skipTo('2024-10-11T10:00');
  const [reminder] = suite.sink.ladder;
  await handle.signal(noticeOutcome, { notice: reminder, outcome: 'refused', reason: '邮件被拒收：550 mailbox unavailable' });
  expect(await until(handle, (k) => k.includes('undeliverable-reported'))).toEqual([
    'opened',
    'reminder',
    'undeliverable',
    'undeliverable-reported',
  ]);
  const report = suite.sink.ladder[1];
  expect(report).toMatchObject({ step: 'undeliverable', key: `${reminder.key}/undeliverable`, to: [{ name: '行政执法协调监督科科长' }] });

  await handle.signal(noticeOutcome, { notice: report, outcome: 'refused', reason: '邮件被拒收：550 mailbox unavailable' });
  const after = await until(handle, (k) => k.filter((x) => x === 'undeliverable').length === 2);
  expect(after).toEqual(['opened', 'reminder', 'undeliverable', 'undeliverable-reported', 'undeliverable']);
  expect(suite.sink.ladder).toHaveLength(2); // no report of the report
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});
