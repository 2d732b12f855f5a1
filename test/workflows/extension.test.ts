// 延期申请 on the time-skipping server, replaying 2024 through a clock shift: the supervisor told of an application,
// the ladder going on while it is pending, approval with another date recomputing the ladder, refusal leaving the
// deadline, the unit told either way (at the next office hour), and the plan's cap.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { applyForExtension, cancelObligation, decideExtension, obligationState, submitReport } from '../../domain/contract/messages';
import { startShifted } from '../helpers/shifted-obligation';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../simulation/environment';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'extension-test';
const suite = timeSkippingSuite(TQ);

const ID = 'jiangmen-2024.t15.rectify.kaiping'; // due 2024-10-20
const start = (suffix: string) => startShifted(suite.env, TQ, ID, '2024-10-01T00:00', suffix);
const asking = { by: '王芳（开平市）', reason: '整改涉及多个部门，需补充材料', requestedDue: '2024-11-05' };
const told = () => suite.sink.ladder.filter((n) => n.step.startsWith('extension-'));
const ladder = () => suite.sink.ladder.filter((n) => !n.step.startsWith('extension-')).map((n) => `${n.step}@${n.at}`);
const refusedWith = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  if (!(err instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refusal, got ${String(err)}`);
  return err.cause?.message;
};

test('apply → supervisor told; reminders go on while pending; approve with another date → the ladder follows the new date, the unit told', async () => {
  const { handle, until } = await start('approved');
  await until('2024-10-14T10:00');
  const applied = await handle.executeUpdate(applyForExtension, { args: [asking] });
  expect(applied.extensions?.[0]).toMatchObject({ seq: 1, requestedDue: '2024-11-05T23:59:59+08:00' });
  await until('2024-10-14T10:05');
  expect(told().map((n) => [n.step, n.to.map((a) => a.role), n.key])).toEqual([
    ['extension-applied', ['supervisor'], `${ID}.approved/ext-1-applied`],
  ]);
  expect(await refusedWith(handle.executeUpdate(applyForExtension, { args: [asking] }))).toBe(
    '已于 2024年10月14日（星期一）10:00 申请延期至 2024年11月5日（星期二）23:59，正在审批，请勿重复申请',
  );
  // While pending, the deadline's ladder goes on as before.
  await until('2024-10-17T12:00');
  expect(ladder()).toEqual(['reminder@2024-10-11T09:00:00+08:00', 'reminder@2024-10-16T09:00:00+08:00']);
  const approved = await handle.executeUpdate(decideExtension, { args: [{ by: '市司法局 李科长', approve: true, due: '2024-10-31' }] });
  expect(approved.due).toBe('2024-10-31T23:59:59+08:00');
  await until('2024-11-02T12:00');
  expect(ladder()).toEqual([
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-16T09:00:00+08:00',
    'reminder@2024-10-22T09:00:00+08:00', // 7, 3 and 1 working days before the new deadline; no 催办 on 10-21
    'reminder@2024-10-28T09:00:00+08:00',
    'reminder@2024-10-30T09:00:00+08:00',
    '催办@2024-11-01T09:00:00+08:00',
  ]);
  const decided = told()[1];
  expect([decided.step, decided.to.map((a) => a.name), decided.extension?.approved, decided.due]).toEqual([
    'extension-decided',
    ['开平市联络员'],
    true,
    '2024-10-31T23:59:59+08:00',
  ]);
  const s = await handle.query(obligationState);
  expect(s.timeline.filter((e) => e.kind.startsWith('extension-applied') || e.kind === 'extended').map((e) => e.note)).toEqual([
    '第1次延期申请，申请延至 2024-11-05T23:59:59+08:00：整改涉及多个部门，需补充材料',
    'ext-1-applied',
    '批准第1次延期申请；截止由 2024-10-20T23:59:59+08:00 延至 2024-10-31T23:59:59+08:00',
  ]);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
  await handle.result();
  // Its history, with the 'extension-applications' patch, replays against this code.
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
}, 180_000);

test('refuse → the unit told, the deadline unchanged; the cap of 2 applications is enforced', async () => {
  const { handle, until } = await start('refused');
  await until('2024-10-10T10:00');
  await handle.executeUpdate(applyForExtension, { args: [asking] });
  expect(await refusedWith(handle.executeUpdate(decideExtension, { args: [{ by: '李科长', approve: false }] }))).toBe('不予批准须说明理由');
  const refused = await handle.executeUpdate(decideExtension, { args: [{ by: '李科长', approve: false, reason: '整改时限不能推迟' }] });
  expect(refused.due).toBe('2024-10-20T23:59:59+08:00');
  await handle.executeUpdate(applyForExtension, { args: [{ ...asking, reason: '补充说明' }] });
  await handle.executeUpdate(decideExtension, { args: [{ by: '李科长', approve: false, reason: '仍不同意' }] });
  expect(await refusedWith(handle.executeUpdate(applyForExtension, { args: [asking] }))).toBe('每个报送事项最多申请延期 2 次，已达上限');
  await until('2024-10-22T12:00');
  // The supervisor hears of each application at once; the unit hears of both refusals at the next office hour.
  expect(told().map((n) => [n.key.split('/')[1], n.at, n.extension?.approved ?? null, n.extension?.decisionReason ?? null])).toEqual([
    ['ext-1-applied', '2024-10-10T10:00:00+08:00', null, null],
    ['ext-2-applied', '2024-10-10T10:00:00+08:00', null, null],
    ['ext-1-decided', '2024-10-11T09:00:00+08:00', false, '整改时限不能推迟'],
    ['ext-2-decided', '2024-10-11T09:00:00+08:00', false, '仍不同意'],
  ]);
  // The deadline held (a Sunday): overdue, and 催办 the next working day.
  expect(ladder().at(-1)).toBe('催办@2024-10-21T09:00:00+08:00');
  expect((await handle.query(obligationState)).stage).toBe('overdue');
  expect(await refusedWith(handle.executeUpdate(applyForExtension, { args: [asking] }))).toBe('该事项当前为“逾期”，不能申请延期');
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
}, 180_000);

test('an application made on a Friday night reaches the supervisor at once; its decision that night reaches the unit on Monday at 09:00', async () => {
  const { handle, until } = await start('night');
  await until('2024-10-18T20:00'); // a Friday; the deadline is Sunday 10-20
  await handle.executeUpdate(applyForExtension, { args: [asking] });
  await until('2024-10-18T20:05');
  expect(told().map((n) => [n.step, n.at])).toEqual([['extension-applied', '2024-10-18T20:00:00+08:00']]);
  await until('2024-10-18T22:00');
  await handle.executeUpdate(decideExtension, { args: [{ by: '市司法局 李科长', approve: true }] });
  // Not at night, not on the weekend.
  await until('2024-10-21T08:59');
  expect(told().map((n) => n.step)).toEqual(['extension-applied']);
  await until('2024-10-21T09:05');
  const decided = told()[1];
  expect([decided.step, decided.at, decided.to.map((a) => a.name), decided.due]).toEqual([
    'extension-decided',
    '2024-10-21T09:00:00+08:00',
    ['开平市联络员'],
    '2024-11-05T23:59:59+08:00',
  ]);
  const s = await handle.query(obligationState);
  expect(s.timeline.filter((e) => e.kind === 'extension-decided-notice').map((e) => e.at)).toEqual(['2024-10-21T09:00:00+08:00']);
  // Approved on Friday night: the duty is not overdue on Sunday, and no 催办 goes with the decision on Monday.
  expect([s.stage, s.due]).toEqual(['open', '2024-11-05T23:59:59+08:00']);
  expect(ladder().filter((l) => !l.startsWith('reminder@'))).toEqual([]);
  // The report that follows gets a short receipt number.
  const receipt = await handle.executeUpdate(submitReport, { args: [{ by: '王芳（开平市）', text: '整改已完成。' }] });
  expect(receipt.receipt).toBe('HZ-00RF-SB08-1');
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
  await handle.result();
  // Its history, with the patches for held decisions and short receipts, replays against this code.
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, await handle.fetchHistory(), handle.workflowId);
}, 180_000);
