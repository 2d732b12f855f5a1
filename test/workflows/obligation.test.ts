// The obligation workflow on the time-skipping server, replaying 2024 through a clock shift: exact instants
// of the ladder across National Day, review, return and resubmission, extension, cancellation, validators.
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { defaultPayloadConverter, Payload } from '@temporalio/common';
import { SA } from '../../domain/search-attributes';
import { cancelObligation, extendDeadline, obligationState, reviewReport, submitReport } from '../../domain/contract/messages';
import { startShifted } from '../helpers/shifted-obligation';
import { extend, submit } from '../../client/operations';
import { Refused } from '../../client/errors';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'obligation-test';
const suite = timeSkippingSuite(TQ);

const start = (id: string, startAt: string, suffix: string) => startShifted(suite.env, TQ, id, startAt, suffix);

const timeline = (s: { timeline: { at: string; kind: string }[] }) => s.timeline.map((e) => `${e.kind}@${e.at}`);

test('a silent unit: reminders across National Day, overdue at the deadline, then 催办, 督办, 通报 at 09:00 on working days', async () => {
  const { handle, until } = await start('jiangmen-2024.t17.cleanup.gaj', '2024-09-01T00:00', 'silent');
  await until('2024-10-30T00:00');
  const s = await handle.query(obligationState);
  expect(timeline(s)).toEqual([
    'opened@2024-09-01T00:00:00+08:00',
    'reminder@2024-09-30T09:00:00+08:00', // 7th working day before Oct 15: Oct 1–7 off, Sat Oct 12 on
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-14T09:00:00+08:00',
    'overdue@2024-10-15T23:59:59+08:00',
    '催办@2024-10-16T09:00:00+08:00',
    '督办@2024-10-18T09:00:00+08:00',
    '通报@2024-10-24T09:00:00+08:00',
  ]);
  expect(s).toMatchObject({ stage: 'overdue', light: 'red', level: 3 });
  // Each rung reaches the next link of the chain, copying those below.
  expect(suite.sink.ladder.map((n) => [n.step, n.to[0].name, n.cc.map((c) => c.name)])).toEqual([
    ['reminder', '市公安局联络员', []],
    ['reminder', '市公安局联络员', []],
    ['reminder', '市公安局联络员', []],
    ['催办', '市公安局分管领导', ['市公安局联络员']],
    ['督办', '行政执法协调监督科科长', ['市公安局联络员', '市公安局分管领导']],
    ['通报', '市政府办公室联络员', ['市公安局联络员', '市公安局分管领导', '行政执法协调监督科科长']],
  ]);
  expect(new Set(suite.sink.ladder.map((n) => n.key)).size).toBe(6);
  // Visibility is written when stage, light or level change, not after each reminder as well.
  expect(await attributeWrites(handle)).toEqual([
    'open|green|0',
    'open|yellow|0',
    'overdue|red|0',
    'overdue|red|1',
    'overdue|red|2',
    'overdue|red|3',
  ]);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

/** Stage, light and level as each upsert of the history wrote them. */
async function attributeWrites(handle: WorkflowHandle): Promise<string[]> {
  const read = (p: unknown) => {
    const v = p ? defaultPayloadConverter.fromPayload<unknown>(p as Payload) : undefined;
    return Array.isArray(v) ? v[0] : v; // a search attribute's value is stored as a list of one
  };
  return ((await handle.fetchHistory()).events ?? [])
    .map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields)
    .filter((f) => f?.[SA.stage.name])
    .map((f) => [SA.stage, SA.light, SA.level].map((k) => read(f![k.name])).join('|'));
}

test('on time, accepted: reminders stop at the report, the light is yellow in the last 3 working days, the review closes it', async () => {
  const { handle, until } = await start('jiangmen-2024.t15.rectify.kaiping', '2024-10-01T00:00', 'accept');
  await until('2024-10-15T12:00');
  expect((await handle.query(obligationState)).light).toBe('green');
  await until('2024-10-16T12:00'); // Oct 16, 17, 18 remain: yellow
  expect((await handle.query(obligationState)).light).toBe('yellow');

  const receipt = await handle.executeUpdate(submitReport, { args: [{ by: '开平市 王芳', text: '已完成涉企乱罚款专项整治。' }] });
  expect(receipt).toEqual({ receipt: 'HZ-00RF-SB08-1', at: '2024-10-16T12:00:00+08:00', onTime: true });
  await until('2024-10-25T00:00');
  expect(suite.sink.ladder.map((n) => n.stepKey)).toEqual(['remind-7', 'remind-3']); // remind-1 on Oct 18 never sent

  const after = await handle.executeUpdate(reviewReport, { args: [{ by: '市司法局 李科长', decision: 'accept' }] });
  expect(after.stage).toBe('accepted');
  const final = await handle.result();
  expect(timeline(final).slice(-2)).toEqual(['submitted@2024-10-16T12:00:00+08:00', 'accepted@2024-10-25T00:00:00+08:00']);
  // The report itself is in the report store; the workflow keeps its reference and digest.
  const ref = final.submissions[0].report!;
  expect(ref).toMatchObject({ receipt: receipt.receipt, attachments: [] });
  expect(JSON.parse(await suite.sink.reports.read(ref))).toMatchObject({ text: '已完成涉企乱罚款专项整治。' });
  expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(final.timeline.at(-1)).toMatchObject({ by: '市司法局 李科长' });
});

test('late, returned, resubmitted: the ladder restarts for the new deadline', async () => {
  const { handle, until } = await start('jiangmen-2024.t15.rectify.kaiping', '2024-10-01T00:00', 'return');
  await until('2024-10-22T10:00'); // after 催办 (Oct 21)
  const late = await handle.executeUpdate(submitReport, { args: [{ by: '开平市', text: '初稿' }] });
  expect(late.onTime).toBe(false);
  await until('2024-10-23T10:00'); // 督办 would have been today: nothing is sent for a submitted report
  await handle.executeUpdate(reviewReport, {
    args: [{ by: '市司法局', decision: 'return', reason: '缺少整治台账', newDue: '2024-11-08' }],
  });
  await until('2024-11-12T00:00');
  const s = await handle.query(obligationState);
  expect(timeline(s).slice(4)).toEqual([
    'overdue@2024-10-20T23:59:59+08:00',
    '催办@2024-10-21T09:00:00+08:00',
    'submitted@2024-10-22T10:00:00+08:00',
    'returned@2024-10-23T10:00:00+08:00',
    'reminder@2024-10-30T09:00:00+08:00', // 7th working day before Nov 8
    'reminder@2024-11-05T09:00:00+08:00',
    'reminder@2024-11-07T09:00:00+08:00',
    'overdue@2024-11-08T23:59:59+08:00',
    '催办@2024-11-11T09:00:00+08:00',
  ]);
  expect(s.timeline[7].note).toBe('缺少整治台账；新截止 2024-11-08T23:59:59+08:00');
  const again = await handle.executeUpdate(submitReport, { args: [{ by: '开平市', text: '补充台账后的报告' }] });
  expect(again.receipt).toBe('HZ-00RF-SB08-2');
  await handle.executeUpdate(reviewReport, { args: [{ by: '市司法局', decision: 'accept' }] });
  // The state keeps each report's excerpt and stored reference, never the text itself.
  const final = await handle.result();
  expect(final.submissions.map((x) => x.excerpt)).toEqual(['初稿', '补充台账后的报告']);
  expect(final.submissions.every((x) => x.text === undefined && x.report?.sha256)).toBe(true);
});

test('an extension moves every timer; a cancellation ends it', async () => {
  const { handle, until } = await start('jiangmen-2024.t16.rectify.heshan', '2024-10-01T00:00', 'extend');
  await until('2024-10-17T10:00');
  await handle.executeUpdate(extendDeadline, { args: [{ by: '市司法局', newDue: '2024-10-31', reason: '台风影响' }] });
  await until('2024-10-31T12:00');
  let s = await handle.query(obligationState);
  expect(s).toMatchObject({ stage: 'open', due: '2024-10-31T23:59:59+08:00' });
  expect(timeline(s).slice(1)).toEqual([
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-16T09:00:00+08:00',
    'extended@2024-10-17T10:00:00+08:00',
    'reminder@2024-10-22T09:00:00+08:00', // the ladder of the new deadline, Oct 31
    'reminder@2024-10-28T09:00:00+08:00',
    'reminder@2024-10-30T09:00:00+08:00',
  ]);
  s = await handle.executeUpdate(cancelObligation, { args: [{ by: '市司法局', reason: '任务调整' }] });
  expect(s.stage).toBe('cancelled');
  expect((await handle.result()).timeline.at(-1)).toMatchObject({ kind: 'cancelled', by: '市司法局', note: '任务调整' });
});

test('validators refuse, in Chinese, what must not land: empty, too long, missing figures, review of nothing, a past extension', async () => {
  const { handle } = await start('jiangmen-2024.t8.annual.scjgj', '2024-06-01T00:00', 'validators');
  const refused = async (p: Promise<unknown>) => {
    const err = await p.then(
      () => undefined,
      (e) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return (err as WorkflowUpdateFailedError).cause?.message;
  };
  expect(await refused(handle.executeUpdate(submitReport, { args: [{ by: '市市场监管局', text: ' ' }] }))).toBe('报告内容不能为空');
  expect(await refused(handle.executeUpdate(submitReport, { args: [{ by: '市市场监管局', text: '报'.repeat(20_001) }] }))).toContain(
    '报告内容过长',
  );
  expect(
    await refused(
      handle.executeUpdate(submitReport, { args: [{ by: '市市场监管局', text: '已完成', figures: { 'local-standards': 1 } }] }),
    ),
  ).toBe('缺少指标数据：制定其他规范性文件（个）、制定自编标准（个）');
  expect(await refused(handle.executeUpdate(reviewReport, { args: [{ by: '市司法局', decision: 'accept' }] }))).toBe(
    '该事项当前为“待办”，没有待审核的报告',
  );
  expect(await refused(handle.executeUpdate(extendDeadline, { args: [{ by: '市司法局', newDue: '2024-05-01', reason: 'x' }] }))).toBe(
    '新的截止时间 2024-05-01 已经过去',
  );
  const past = await extend(suite.env.client, handle.workflowId, { by: '市司法局', newDue: '2024-05-01', reason: 'x' }).catch((e) => e);
  expect(past).toMatchObject({ message: '新的截止时间 2024-05-01 已经过去', stage: 'open' }); // the request is wrong, not the stage
  expect((await handle.query(obligationState)).timeline.map((e) => e.kind)).toEqual(['opened']);

  const ok = await handle.executeUpdate(submitReport, {
    args: [{ by: '市市场监管局', text: '已完成', figures: { 'local-standards': 1, 'normative-documents': 3, 'self-standards': 2 } }],
  });
  expect(ok.onTime).toBe(true);
  expect(await refused(handle.executeUpdate(submitReport, { args: [{ by: '市市场监管局', text: '再报一次', figures: {} }] }))).toContain(
    '等待审核，不能重复报送',
  );
  // Each refusal names the stage it was given in: the portal answers 409 (the stage) or 400 (the request) from it,
  // without asking the duty again while fifty others are refused with it.
  const again = await submit(suite.env.client, handle.workflowId, { by: '市市场监管局', text: '再报一次', figures: {} }).catch((e) => e);
  expect(again).toBeInstanceOf(Refused);
  expect(again).toMatchObject({ stage: 'submitted', httpStatus: 409 });
  const late = await extend(suite.env.client, handle.workflowId, { by: '市司法局', newDue: '2024-05-01', reason: 'x' }).catch((e) => e);
  expect(late).toMatchObject({ message: '该事项当前为“已报送”，不能延期', stage: 'submitted' });
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

test('a plan started inside the reminder window sends the latest missed reminder once, at the next office hour, then the ladder goes on', async () => {
  // Oct 15 deadline: reminders due Sep 30, Oct 11 and Oct 14 at 09:00; the obligation starts on Saturday Oct 12
  // (a 调休 working day) at 07:58: the Oct 11 reminder waits for 09:00 that day.
  const { handle, until } = await start('jiangmen-2024.t17.cleanup.gaj', '2024-10-12T07:58', 'late-start');
  await until('2024-10-12T08:59');
  expect(suite.sink.ladder).toEqual([]);
  await until('2024-10-15T12:00');
  const s = await handle.query(obligationState);
  expect(timeline(s)).toEqual([
    'opened@2024-10-12T07:58:00+08:00',
    'reminder@2024-10-12T09:00:00+08:00', // the Oct 11 reminder, caught up once; the Sep 30 one is not sent
    'reminder@2024-10-14T09:00:00+08:00',
  ]);
  expect(s.sent).toEqual(['20241015.remind-3', '20241015.remind-1']);
  expect(suite.sink.ladder.map((n) => [n.key, n.at])).toEqual([
    [`jiangmen-2024.t17.cleanup.gaj.late-start/20241015.remind-3`, '2024-10-12T09:00:00+08:00'],
    [`jiangmen-2024.t17.cleanup.gaj.late-start/20241015.remind-1`, '2024-10-14T09:00:00+08:00'],
  ]);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

test('a late start whose next office hour has a reminder of its own sends only that one', async () => {
  // Started Saturday Oct 12 at 10:00: the next office hour is Monday Oct 14 09:00, remind-1's own instant.
  const { handle, until } = await start('jiangmen-2024.t17.cleanup.gaj', '2024-10-12T10:00', 'late-start-ladder');
  await until('2024-10-15T12:00');
  expect(timeline(await handle.query(obligationState))).toEqual(['opened@2024-10-12T10:00:00+08:00', 'reminder@2024-10-14T09:00:00+08:00']);
  expect(suite.sink.ladder.map((n) => n.stepKey)).toEqual(['remind-1']);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

test('a late start whose next office hour would pass the deadline sends the missed reminder at once', async () => {
  // Started on the deadline day, Oct 15 at 10:00: the next office hour (Oct 16 09:00) is after 23:59:59.
  const { handle, until } = await start('jiangmen-2024.t17.cleanup.gaj', '2024-10-15T10:00', 'late-start-last-day');
  await until('2024-10-15T12:00');
  expect(timeline(await handle.query(obligationState))).toEqual(['opened@2024-10-15T10:00:00+08:00', 'reminder@2024-10-15T10:00:00+08:00']);
  expect(suite.sink.ladder.map((n) => [n.stepKey, n.at])).toEqual([['remind-1', '2024-10-15T10:00:00+08:00']]);
  await handle.executeUpdate(cancelObligation, { args: [{ by: '测试', reason: '测试结束' }] });
});

test('a plan started after the deadline sends no stale reminder: it is overdue at once', async () => {
  const { handle, until } = await start('jiangmen-2024.t17.cleanup.gaj', '2024-10-16T00:00:01', 'after-due');
  await until('2024-10-16T08:00');
  const s = await handle.query(obligationState);
  expect(timeline(s).filter((e) => e.startsWith('reminder'))).toEqual([]);
  expect(s).toMatchObject({ stage: 'overdue', light: 'red' });
});
