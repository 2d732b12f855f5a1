// 延期申请 in the pure core: who may apply and when, the plan's cap, one pending at a time, the ladder going on
// while pending, approval (requested or another date) recomputing the ladder, refusal with a reason, the notices.
import * as life from '../../domain/obligation/lifecycle';
import * as ext from '../../domain/obligation/extension';
import { extensionNotice } from '../../domain/obligation/notice';
import { snapshotOf } from '../../domain/obligation/snapshot';
import { planRunSpec } from '../../domain/obligation/spec';
import { DomainError } from '../../domain/errors';
import { renderNotice } from '../../activities/mail/templates';
import { alter, directoryText, loadShipped, planText, refusals } from '../helpers/plan-files';
import { at, PureObligation } from '../helpers/pure-obligation';

const run = planRunSpec(loadShipped());
const specs = new Map(run.rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const kaiping = specs.get('jiangmen-2024.t15.rectify.kaiping')!; // due 2024-10-20
const refusal = (check: () => void): string | undefined => {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) return err.zh;
    throw err;
  }
  return undefined;
};
const asking = { by: '王芳（开平市）', reason: '整改涉及多个部门，需补充材料', requestedDue: '2024-11-05' };
const apply = (o: PureObligation, req: ext.ExtensionApplicationRequest = asking) => {
  ext.checkApplyForExtension(o.state, o.spec, req, o.now);
  return ext.applyForExtension(o.state, req, o.now);
};
const decide = (o: PureObligation, req: ext.ExtensionDecisionRequest) => {
  ext.checkDecideExtension(o.state, req, o.now);
  ext.decideExtension(o.state, req, o.now);
};

test('the shipped plan allows 2 applications per duty, each at most 30 days past the deadline', () => {
  expect(kaiping.ladderConfig.extensions).toEqual({ maxApplications: 2, maxDays: 30 });
  expect(ext.ruleOf({ ladderConfig: { ...kaiping.ladderConfig, extensions: undefined } })).toEqual(ext.DEFAULT_EXTENSION_RULE);
});

test('an application is checked: person, reason, a date after the deadline and within the cap, a valid attachment', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-10T10:00:00+08:00');
  const check = (req: Partial<ext.ExtensionApplicationRequest>) =>
    refusal(() => ext.checkApplyForExtension(o.state, kaiping, { ...asking, ...req } as ext.ExtensionApplicationRequest, o.now));
  expect(check({ by: ' ' })).toBe('请填写申请人');
  expect(check({ reason: '' })).toBe('申请延期须说明理由');
  expect(check({ reason: '理'.repeat(501) })).toContain('理由过长');
  expect(check({ requestedDue: '' })).toBe('请填写申请延至的日期');
  expect(check({ requestedDue: '下周' })).toContain('新的截止时间无效');
  expect(check({ requestedDue: '2024-10-20' })).toBe('申请延至的日期应晚于现截止时间 2024年10月20日（星期日）23:59');
  expect(check({ requestedDue: '2024-11-20' })).toBe('延期最长 30 天，申请延至的日期不能晚于 2024年11月19日（星期二）');
  expect(check({ attachment: { filename: 'x.exe', contentType: 'x', size: 3, sha256: 'a'.repeat(64) } })).toContain('附件 x.exe 无效');
  expect(check({ requestedDue: '2024-11-19' })).toBeUndefined();
});

test('apply: pending, visible to the round; a second one is refused while pending; the ladder goes on as before', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-10T10:00:00+08:00');
  const attachment = { filename: '说明.pdf', contentType: 'application/pdf', size: 1200, sha256: 'b'.repeat(64) };
  const a = apply(o, { ...asking, attachment });
  expect(a).toMatchObject({ seq: 1, requestedDue: '2024-11-05T23:59:59+08:00', dueWhenApplied: '2024-10-20T23:59:59+08:00', attachment });
  expect(o.state.timeline.at(-1)).toEqual({
    at: '2024-10-10T10:00:00+08:00',
    kind: 'extension-applied',
    by: '王芳（开平市）',
    note: '第1次延期申请，申请延至 2024-11-05T23:59:59+08:00：整改涉及多个部门，需补充材料',
  });
  expect(snapshotOf(kaiping, o.state, '2024-10-10T10:00:00+08:00').extensionPending).toEqual({
    seq: 1,
    at: '2024-10-10T10:00:00+08:00',
    by: '王芳（开平市）',
    requestedDue: '2024-11-05T23:59:59+08:00',
  });
  expect(refusal(() => apply(o))).toBe(
    '已于 2024年10月10日（星期四）10:00 申请延期至 2024年11月5日（星期二）23:59，正在审批，请勿重复申请',
  );
  // An application is not an extension: reminders, the deadline and the 催办 come as before.
  o.until('2024-10-23T00:00:00+08:00');
  expect(o.state.due).toBe('2024-10-20T23:59:59+08:00');
  expect(o.notices.map((n) => [n.step, n.at])).toEqual([
    ['reminder', '2024-10-11T09:00:00+08:00'],
    ['reminder', '2024-10-16T09:00:00+08:00'],
    ['reminder', '2024-10-18T09:00:00+08:00'],
    ['催办', '2024-10-21T09:00:00+08:00'],
  ]);
  // The supervisor is owed one notice of the application, by its sequence number.
  expect(ext.extensionNoticesDue(o.state).map((n) => n.key)).toEqual(['ext-1-applied']);
});

test('approve with another date: the deadline moves, the ladder is recomputed for it (no 催办 on the old date), the unit is owed the decision', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-14T10:00:00+08:00');
  apply(o);
  ext.markExtensionNoticeSent(o.state, ext.extensionNoticesDue(o.state)[0], ['市司法局督办科'], o.now);
  o.until('2024-10-15T15:00:00+08:00');
  expect(refusal(() => decide(o, { by: '市司法局 李科长', approve: true, due: '2024-10-19' }))).toBe(
    '新的截止时间应晚于原截止时间 2024年10月20日（星期日）23:59',
  );
  decide(o, { by: '市司法局 李科长', approve: true, due: '2024-10-31' });
  expect(o.state.due).toBe('2024-10-31T23:59:59+08:00');
  expect(ext.pendingExtension(o.state)).toBeUndefined();
  expect(o.state.extensions![0].decision).toEqual({
    at: '2024-10-15T15:00:00+08:00',
    by: '市司法局 李科长',
    approved: true,
    due: '2024-10-31T23:59:59+08:00',
  });
  expect(o.state.timeline.at(-1)).toMatchObject({
    kind: 'extended',
    note: '批准第1次延期申请；截止由 2024-10-20T23:59:59+08:00 延至 2024-10-31T23:59:59+08:00',
  });
  expect(ext.extensionNoticesDue(o.state).map((n) => n.key)).toEqual(['ext-1-decided']);
  o.until('2024-11-02T00:00:00+08:00');
  expect(o.notices.map((n) => [n.step, n.at])).toEqual([
    ['reminder', '2024-10-11T09:00:00+08:00'],
    ['reminder', '2024-10-22T09:00:00+08:00'], // 7, 3 and 1 working days before the new deadline
    ['reminder', '2024-10-28T09:00:00+08:00'],
    ['reminder', '2024-10-30T09:00:00+08:00'],
    ['催办', '2024-11-01T09:00:00+08:00'],
  ]);
});

test('refuse: a reason is required, the deadline stays, the unit is told; the cap counts every application', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-10T10:00:00+08:00');
  expect(refusal(() => decide(o, { by: '李科长', approve: false, reason: '不行' }))).toBe('该事项没有待审批的延期申请');
  apply(o);
  expect(refusal(() => decide(o, { by: '李科长', approve: false }))).toBe('不予批准须说明理由');
  decide(o, { by: '李科长', approve: false, reason: '整改时限不能推迟' });
  expect(o.state.due).toBe('2024-10-20T23:59:59+08:00');
  expect(o.state.timeline.at(-1)).toEqual({
    at: '2024-10-10T10:00:00+08:00',
    kind: 'extension-refused',
    by: '李科长',
    note: '第1次延期申请不予批准：整改时限不能推迟',
  });
  const [applied, decided] = ext.extensionNoticesDue(o.state);
  const notice = extensionNotice(kaiping, o.state, decided, `w/${decided.key}`, '2024-10-10T10:00:00+08:00');
  expect([notice.step, notice.to.map((a) => a.name), notice.due]).toEqual([
    'extension-decided',
    ['开平市联络员'],
    '2024-10-20T23:59:59+08:00',
  ]);
  expect(renderNotice(notice, { contact: '科室', issuer: '市司法局' }).text).toContain(
    '审批结果：不予批准（整改时限不能推迟），截止时间仍为2024年10月20日（星期日）23:59，请按时报送',
  );
  const toSupervisor = extensionNotice(kaiping, o.state, applied, `w/${applied.key}`, '2024-10-10T10:00:00+08:00');
  expect([toSupervisor.step, toSupervisor.to.map((a) => a.role)]).toEqual(['extension-applied', ['supervisor']]);
  // A second application, then the cap of 2 is reached.
  apply(o, { ...asking, reason: '补充理由' });
  decide(o, { by: '李科长', approve: false, reason: '仍不同意' });
  expect(refusal(() => apply(o))).toBe('每个报送事项最多申请延期 2 次，已达上限');
});

test('a report settles a pending application: nothing left to decide, even after the report is returned', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-10T10:00:00+08:00');
  apply(o);
  o.until('2024-10-11T10:00:00+08:00');
  life.applySubmit(o.state, kaiping, { by: '开平市', text: '已完成。' }, o.now);
  life.applyReview(o.state, { by: '李科长', decision: 'return', reason: '补充数据', newDue: '2024-10-25' }, o.now);
  expect(ext.pendingExtension(o.state)).toBeUndefined();
  expect(refusal(() => decide(o, { by: '李科长', approve: true }))).toBe('该事项没有待审批的延期申请');
  expect(snapshotOf(kaiping, o.state, '2024-10-11T10:00:00+08:00').extensionPending).toBeUndefined();
  expect(ext.extensionRefusal(o.state, kaiping, o.now)).toBeUndefined(); // a second application may be made
});

test('no application after the deadline, once reported, or when the plan takes none', () => {
  const late = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-21T08:00:00+08:00');
  expect(refusal(() => apply(late))).toBe('该事项当前为“逾期”，不能申请延期');
  const reported = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-10T08:00:00+08:00');
  life.applySubmit(reported.state, kaiping, { by: '开平市', text: '已完成。' }, reported.now);
  expect(refusal(() => apply(reported))).toBe('该事项当前为“已报送”，不能申请延期');
  const none = { ...kaiping, ladderConfig: { ...kaiping.ladderConfig, extensions: { maxApplications: 0, maxDays: 30 } } };
  const o = new PureObligation(none, '2024-10-01T00:00:00+08:00').until('2024-10-10T08:00:00+08:00');
  expect(ext.extensionRefusal(o.state, none, o.now)).toBe('本方案不接受延期申请');
  expect(at('2024-10-10T08:00:00+08:00')).toBe(o.now);
});

test('the plan file setting is checked with file and line', () => {
  const bad = alter(planText, 'extensions: { maxApplications: 2, maxDays: 30 }', 'extensions: { maxApplications: 2, maxDays: 0 }');
  expect(refusals(bad, directoryText)).toEqual([
    expect.stringMatching(/^plans\/jiangmen-2024\.yaml:\d+ ladder\.extensions\.maxDays: 至少 1 天 \(must be at least 1 day\)$/),
  ]);
});

test('reasons typed with a closing 。 read once in the decision mail; the decision goes at the next office hour', () => {
  const o = new PureObligation(kaiping, '2024-10-01T00:00:00+08:00').until('2024-10-11T19:30:00+08:00'); // a Friday evening
  apply(o, { ...asking, reason: '整改涉及多个部门。' });
  decide(o, { by: '李科长', approve: false, reason: '整改时限不能推迟。' });
  const [applied, decided] = ext.extensionNoticesDue(o.state);
  // The supervisor's notice at once; the unit's on Saturday 10-12, a make-up working day (调休), at 09:00.
  expect(ext.extensionNoticeAtMs(applied, '09:00', true)).toBe(Number.NEGATIVE_INFINITY);
  expect(new Date(ext.extensionNoticeAtMs(decided, '09:00', true)).toISOString()).toBe('2024-10-12T01:00:00.000Z');
  expect(ext.extensionNoticeAtMs(decided, '09:00', false)).toBe(Number.NEGATIVE_INFINITY);
  const text = renderNotice(extensionNotice(kaiping, o.state, decided, `w/${decided.key}`, '2024-10-12T09:00:00+08:00'), {
    contact: '科室',
    issuer: '市司法局',
  }).text;
  expect(text).toContain('理由：整改涉及多个部门。审批结果：不予批准（整改时限不能推迟），截止时间仍为2024年10月20日（星期日）23:59');
  expect(text).not.toMatch(/。。|。）/);
});
