// 签收 on the time-skipping server, replaying 2024 through a clock shift: the 签收提醒 to the contact on the 2nd
// working day after opening and to the leader the day after, none once acknowledged or reported, and the
// update's refusals.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { acknowledgeObligation, cancelObligation, obligationState, submitReport } from '../../domain/contract/messages';
import { startShifted } from '../helpers/shifted-obligation';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../simulation/environment';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'acknowledge-test';
const suite = timeSkippingSuite(TQ);

const ID = 'jiangmen-2024.t15.rectify.kaiping';
const start = (suffix: string) => startShifted(suite.env, TQ, ID, '2024-10-01T00:00', suffix, true);
const acks = () => suite.sink.ladder.filter((n) => n.step === 'acknowledge');
const timeline = (s: { timeline: { at: string; kind: string }[] }) => s.timeline.map((e) => `${e.kind}@${e.at}`);

test('never acknowledged: the contact on the 2nd working day after opening (after National Day), the leader the next day, then no more', async () => {
  const { handle, until } = await start('silent');
  await until('2024-10-18T12:00');
  expect(timeline(await handle.query(obligationState))).toEqual([
    'opened@2024-10-01T00:00:00+08:00',
    'acknowledge-reminder@2024-10-09T09:00:00+08:00',
    'acknowledge-reminder@2024-10-10T09:00:00+08:00',
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-16T09:00:00+08:00',
    'reminder@2024-10-18T09:00:00+08:00',
  ]);
  expect(acks().map((n) => [n.at, n.to[0].name, n.cc.map((c) => c.name), n.key])).toEqual([
    ['2024-10-09T09:00:00+08:00', '开平市联络员', [], `${ID}.silent/20241001.ack-contact`],
    ['2024-10-10T09:00:00+08:00', '开平市分管领导', ['开平市联络员'], `${ID}.silent/20241001.ack-leader`],
  ]);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
}, 120_000);

test('acknowledged after the contact reminder: the leader gets none; a second 签收 is refused; reporting is still owed', async () => {
  const { handle, until } = await start('acked');
  await until('2024-10-09T15:00');
  expect(acks().map((n) => n.stepKey)).toEqual(['ack-contact']);
  const state = await handle.executeUpdate(acknowledgeObligation, { args: [{ by: '王芳（开平市）' }] });
  expect(state.acknowledged).toEqual({ at: '2024-10-09T15:00:00+08:00', by: '王芳（开平市）' });
  const err = await handle.executeUpdate(acknowledgeObligation, { args: [{ by: '李四（开平市）' }] }).catch((e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(err.cause?.message).toBe('已于 2024年10月9日（星期三）15:00 由 王芳（开平市） 签收，无需重复签收');
  await until('2024-10-22T12:00');
  const s = await handle.query(obligationState);
  expect(acks()).toHaveLength(1);
  expect(s.acknowledged?.by).toBe('王芳（开平市）');
  // Acknowledging does not replace reporting: the deadline's ladder went on to 催办.
  expect(suite.sink.ladder.filter((n) => n.step !== 'acknowledge').map((n) => n.step)).toEqual([
    'reminder',
    'reminder',
    'reminder',
    '催办',
  ]);
  expect(s.stage).toBe('overdue');
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
  await handle.result();
  // Its history, with the 'acknowledge' patch, an accepted and a refused 签收, replays against this code.
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
}, 120_000);

test('a report before any 签收 counts as receipt: no 签收提醒 at all', async () => {
  const { handle, until } = await start('reported');
  await until('2024-10-08T10:00');
  await handle.executeUpdate(submitReport, { args: [{ by: '开平市 王芳', text: '已完成涉企乱罚款专项整治。' }] });
  await until('2024-10-12T00:00');
  expect(acks()).toEqual([]);
  expect((await handle.query(obligationState)).acknowledged).toEqual({
    at: '2024-10-08T10:00:00+08:00',
    by: '开平市 王芳',
    bySubmission: true,
  });
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
}, 120_000);
