// One obligation's whole life in the pure core, no server: the ladder over a Sunday deadline, a late report,
// a return with a new deadline and a ladder that starts again, the second report, 办结.
import * as life from '../../domain/obligation/lifecycle';
import { isClosed, isOwing } from '../../domain/obligation/state';
import { planRunSpec } from '../../domain/obligation/spec';
import { DomainError } from '../../domain/errors';
import { loadShipped } from '../helpers/plan-files';
import { PureObligation } from '../helpers/pure-obligation';

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const kaiping = specs.get('jiangmen-2024.t15.rectify.kaiping')!;
/** The Chinese refusal a check gives, or undefined when it lets the request through. */
const refusal = (check: () => void): string | undefined => {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) return err.zh;
    throw err;
  }
  return undefined;
};

test('from 待办 to 已办结 through a late report and a return', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00');
  expect(o.state).toMatchObject({ stage: 'open', light: 'green', level: 0, due: '2024-10-20T23:59:59+08:00' });

  // Nothing submitted: three reminders, overdue at the end of Sunday the 20th, 催办 on Monday at 09:00.
  o.until('2024-10-22T10:00:00+08:00');
  expect(o.timeline()).toEqual([
    'opened@2024-10-01T00:00:00+08:00',
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-16T09:00:00+08:00',
    'reminder@2024-10-18T09:00:00+08:00',
    'overdue@2024-10-20T23:59:59+08:00',
    '催办@2024-10-21T09:00:00+08:00',
  ]);
  expect(o.state).toMatchObject({ stage: 'overdue', light: 'red', level: 1 });
  // The 催办 reaches the unit's leader and copies its contact.
  expect(o.notices.map((n) => [n.step, n.stepKey, n.to[0].name, n.cc.map((c) => c.name)])).toEqual([
    ['reminder', 'remind-7', '开平市联络员', []],
    ['reminder', 'remind-3', '开平市联络员', []],
    ['reminder', 'remind-1', '开平市联络员', []],
    ['催办', 'urge-1', '开平市分管领导', ['开平市联络员']],
  ]);
  expect(o.notices.at(-1)!.key).toBe('jiangmen-2024.t15.rectify.kaiping/20241020.urge-1');

  // A late report stops the ladder: nothing is due while it awaits review, and it cannot be sent twice.
  const report = { by: '开平市 王芳', text: '初稿', figures: {} };
  expect(refusal(() => life.checkSubmit(o.state, kaiping, report))).toBeUndefined();
  expect(life.applySubmit(o.state, kaiping, report, o.now)).toEqual({
    receipt: 'HZ-00RF-SB08-1',
    at: '2024-10-22T10:00:00+08:00',
    onTime: false,
  });
  expect(o.state).toMatchObject({ stage: 'submitted', light: 'green' });
  expect(o.next()).toBeUndefined();
  expect(refusal(() => life.checkSubmit(o.state, kaiping, report))).toBe('已报送（回执 HZ-00RF-SB08-1），等待审核，不能重复报送');

  // Returned with a reason and a new deadline: the ladder of 11-08 starts again.
  o.until('2024-10-23T10:00:00+08:00');
  expect(refusal(() => life.checkReview(o.state, { by: '市司法局', decision: 'return', newDue: '2024-11-08' }, o.now))).toBe(
    '退回须说明理由',
  );
  expect(
    refusal(() => life.checkReview(o.state, { by: '市司法局', decision: 'return', reason: '缺少整治台账', newDue: '2024-10-01' }, o.now)),
  ).toBe('新的截止时间 2024-10-01 已经过去');
  const ret = { by: '市司法局', decision: 'return' as const, reason: '缺少整治台账', newDue: '2024-11-08' };
  life.checkReview(o.state, ret, o.now);
  life.applyReview(o.state, ret, o.now);
  expect(o.state).toMatchObject({ stage: 'returned', due: '2024-11-08T23:59:59+08:00', level: 0, light: 'green' });
  expect(o.state.timeline.at(-1)).toEqual({
    at: '2024-10-23T10:00:00+08:00',
    kind: 'returned',
    by: '市司法局',
    note: '缺少整治台账；新截止 2024-11-08T23:59:59+08:00',
  });
  o.until('2024-11-06T12:00:00+08:00');
  expect(o.timeline().slice(-2)).toEqual(['reminder@2024-10-30T09:00:00+08:00', 'reminder@2024-11-05T09:00:00+08:00']);
  expect(o.state.light).toBe('yellow'); // from the 3rd working day before 11-08

  // The second report is on time; acceptance closes the obligation.
  expect(life.applySubmit(o.state, kaiping, { by: '开平市 王芳', text: '补充台账后的报告' }, o.now)).toMatchObject({
    receipt: 'HZ-00RF-SB08-2',
    onTime: true,
  });
  const accept = { by: '市司法局 李科长', decision: 'accept' as const };
  life.checkReview(o.state, accept, o.now);
  life.applyReview(o.state, accept, o.now);
  expect(o.state).toMatchObject({ stage: 'accepted', light: 'green' });
  expect(isClosed(o.state.stage)).toBe(true);
  expect(o.next()).toBeUndefined();
  expect(o.state.submissions.map((s) => [s.receipt, s.excerpt, s.onTime])).toEqual([
    ['HZ-00RF-SB08-1', '初稿', false],
    ['HZ-00RF-SB08-2', '补充台账后的报告', true],
  ]);
  expect(refusal(() => life.checkExtend(o.state, { by: '市司法局', newDue: '2024-12-31', reason: '延期' }, o.now))).toBe(
    '该事项当前为“已办结”，不能延期',
  );
});

test('a plan started inside the reminder window sends the latest reminder it missed, once, at the next office hour', () => {
  // Started Thursday 08:00: the Wednesday reminder (remind-3) goes at 09:00 that day, not at 08:00.
  const o = new PureObligation(kaiping, '2024-10-17T08:00:00+08:00').until('2024-10-19T00:00:00+08:00');
  expect(o.notices.map((n) => [n.stepKey, n.at])).toEqual([
    ['remind-3', '2024-10-17T09:00:00+08:00'],
    ['remind-1', '2024-10-18T09:00:00+08:00'],
  ]);
  expect(o.timeline()).toContain('reminder@2024-10-17T09:00:00+08:00');
});

test('a catch-up whose next office hour would pass the deadline goes at once', () => {
  // Deadline Sunday 10-20 23:59:59; started Saturday noon: the next office hour is Monday, after the deadline.
  const o = new PureObligation(kaiping, '2024-10-19T12:00:00+08:00').until('2024-10-20T23:00:00+08:00');
  expect(o.notices.map((n) => [n.stepKey, n.at])).toEqual([['remind-1', '2024-10-19T12:00:00+08:00']]);
});

test('no catch-up when a reminder of the ladder falls at the next office hour: that one goes alone', () => {
  // Started Thursday 10:00, after the day's send time: the next office hour is Friday 09:00, remind-1's own.
  const o = new PureObligation(kaiping, '2024-10-17T10:00:00+08:00').until('2024-10-19T00:00:00+08:00');
  expect(o.notices.map((n) => [n.stepKey, n.at])).toEqual([['remind-1', '2024-10-18T09:00:00+08:00']]);
});

test('only the stages in which the report is still owed count as owing', () => {
  expect((['open', 'overdue', 'returned', 'submitted', 'accepted', 'cancelled'] as const).filter(isOwing)).toEqual([
    'open',
    'overdue',
    'returned',
  ]);
});
