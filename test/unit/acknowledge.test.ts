// 签收 in the pure core: who acknowledged and when, a second acknowledgement refused, a report counting as
// receipt, and the 签收提醒 (contact on the 2nd working day after opening, the leader the next working day).
import * as life from '../../domain/obligation/lifecycle';
import { acknowledgementOf, applyAcknowledge, checkAcknowledge } from '../../domain/obligation/acknowledge';
import { compile } from '../../domain/obligation/compilation';
import { snapshotOf } from '../../domain/obligation/snapshot';
import { planRunSpec } from '../../domain/obligation/spec';
import { DomainError } from '../../domain/errors';
import { alter, directoryText, loadShipped, planText, refusals } from '../helpers/plan-files';
import { at, PureObligation } from '../helpers/pure-obligation';

const run = planRunSpec(loadShipped());
const specs = new Map(run.rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const kaiping = specs.get('jiangmen-2024.t15.rectify.kaiping')!;
const refusal = (check: () => void): string | undefined => {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) return err.zh;
    throw err;
  }
  return undefined;
};
const reminders = (o: PureObligation) => o.notices.filter((n) => n.step === 'acknowledge');

test('the plan says how many working days a unit has to acknowledge: 2 by default', () => {
  expect(kaiping.ladderConfig.acknowledgeWithin).toBe(2);
});

test('not acknowledged: one 签收提醒 to the contact 2 working days after opening (National Day skipped), one to the leader a day later', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00', true).until('2024-10-12T00:00:00+08:00');
  expect(reminders(o).map((n) => [n.at, n.to[0].name, n.cc.map((c) => c.name), n.key])).toEqual([
    ['2024-10-09T09:00:00+08:00', '开平市联络员', [], 'jiangmen-2024.t15.rectify.kaiping/20241001.ack-contact'],
    ['2024-10-10T09:00:00+08:00', '开平市分管领导', ['开平市联络员'], 'jiangmen-2024.t15.rectify.kaiping/20241001.ack-leader'],
  ]);
  expect(o.timeline()).toEqual([
    'opened@2024-10-01T00:00:00+08:00',
    'acknowledge-reminder@2024-10-09T09:00:00+08:00',
    'acknowledge-reminder@2024-10-10T09:00:00+08:00',
    'reminder@2024-10-11T09:00:00+08:00', // the deadline's ladder goes on as before
  ]);
  // Two at most, whatever happens later (an extension does not send them again).
  life.applyExtend(o.state, { by: '市司法局', newDue: '2024-11-30', reason: '延期' }, o.now);
  o.until('2024-11-20T00:00:00+08:00');
  expect(reminders(o)).toHaveLength(2);
});

test('acknowledged in time: no 签收提醒; the timeline and the round see who and when', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00', true).until('2024-10-08T15:30:00+08:00');
  expect(refusal(() => checkAcknowledge(o.state, { by: ' ' }))).toBe('请填写签收人姓名');
  expect(refusal(() => checkAcknowledge(o.state, { by: '王'.repeat(101) }))).toContain('签收人姓名过长');
  checkAcknowledge(o.state, { by: '王芳（开平市）' });
  applyAcknowledge(o.state, { by: '王芳（开平市）' }, o.now);
  o.until('2024-10-12T00:00:00+08:00');
  expect(reminders(o)).toEqual([]);
  expect(o.state.timeline[1]).toEqual({ at: '2024-10-08T15:30:00+08:00', kind: 'acknowledged', by: '王芳（开平市）' });
  expect(snapshotOf(kaiping, o.state, '2024-10-12T00:00:00+08:00').acknowledged).toEqual({
    at: '2024-10-08T15:30:00+08:00',
    by: '王芳（开平市）',
  });
  // The first acknowledgement counts; a second is refused and changes nothing.
  expect(refusal(() => checkAcknowledge(o.state, { by: '李四' }))).toBe(
    '已于 2024年10月8日（星期二）15:30 由 王芳（开平市） 签收，无需重复签收',
  );
  // Acknowledging does not replace reporting: the reminders of the deadline still come.
  expect(o.notices.map((n) => n.step)).toEqual(['reminder']);
  expect(o.state.stage).toBe('open');
});

test('a report before any 签收 counts as receipt: no 签收提醒, and 签收 is refused as already done', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00', true).until('2024-10-09T08:00:00+08:00');
  life.applySubmit(o.state, kaiping, { by: '开平市 王芳', text: '已完成。' }, o.now);
  o.until('2024-10-20T00:00:00+08:00');
  expect(reminders(o)).toEqual([]);
  expect(o.state.acknowledged).toEqual({ at: '2024-10-09T08:00:00+08:00', by: '开平市 王芳', bySubmission: true });
  expect(refusal(() => checkAcknowledge(o.state, { by: '王芳' }))).toBe(
    '已报送，报送时视为签收（开平市 王芳，2024年10月9日（星期三）08:00）',
  );
});

test('an obligation started before 签收 existed sends no 签收提醒, and its reports still count as receipt', () => {
  const old = { ...kaiping, ladderConfig: { ...kaiping.ladderConfig, acknowledgeWithin: undefined } };
  const o = new PureObligation(old, '2024-10-01T00:00:00+08:00', true).until('2024-10-12T00:00:00+08:00');
  expect(reminders(o)).toEqual([]);
  life.applySubmit(o.state, old, { by: '开平市', text: '已完成。' }, at('2024-10-12T10:00:00+08:00'));
  const { acknowledged: _recorded, ...before } = o.state; // a state recorded before 签收: only its report is known
  expect(acknowledgementOf(before)).toEqual({ at: '2024-10-12T10:00:00+08:00', by: '开平市', bySubmission: true });
});

test('a cancelled or closed obligation takes no 签收; 0 working days in the plan sends no 签收提醒', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00', true);
  life.applyCancel(o.state, { by: '市司法局', reason: '任务调整' }, o.now);
  expect(refusal(() => checkAcknowledge(o.state, { by: '王芳' }))).toBe('该事项已撤销，无需签收');
  const none = { ...kaiping, ladderConfig: { ...kaiping.ladderConfig, acknowledgeWithin: 0 } };
  expect(reminders(new PureObligation(none, '2024-10-01T00:00:00+08:00', true).until('2024-10-20T00:00:00+08:00'))).toEqual([]);
});

test('the 汇总 carries each unit acknowledgement time', () => {
  const round = run.rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00', true).until('2024-10-08T10:00:00+08:00');
  applyAcknowledge(o.state, { by: '王芳' }, o.now);
  const rows = [snapshotOf(kaiping, o.state, '2024-10-21T00:00:00+08:00')];
  expect(compile(round, rows, 'deadline', '2024-10-21T00:00:00+08:00', round.round).missing[0].acknowledgedAt).toBe(
    '2024-10-08T10:00:00+08:00',
  );
});

test('the plan file setting is checked with file and line', () => {
  const bad = alter(planText, '  acknowledgeWithin: 2 ', '  acknowledgeWithin: -1 ');
  expect(refusals(bad, directoryText)).toEqual([
    expect.stringMatching(/^plans\/jiangmen-2024\.yaml:\d+ ladder\.acknowledgeWithin: 不能为负数 \(must not be negative\)$/),
  ]);
});
