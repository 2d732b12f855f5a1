import { checkSubmission, lightOf, timerDetails, timerSummary, ObligationTimerState } from '../../domain/timer/rules';

const DAY = 24 * 3600 * 1000;
const due = Date.UTC(2024, 9, 20, 15, 59, 59); // 2024-10-20T23:59:59+08:00

describe('the traffic light', () => {
  test('is green while more than 3 days remain, yellow within 3 days, red once overdue', () => {
    expect(lightOf('open', due, due - 4 * DAY)).toBe('green');
    expect(lightOf('open', due, due - 3 * DAY)).toBe('yellow');
    expect(lightOf('open', due, due - 1000)).toBe('yellow');
    expect(lightOf('open', due, due)).toBe('red');
    expect(lightOf('overdue', due, due + DAY)).toBe('red');
  });
  test('is green once the report is in, even late', () => {
    expect(lightOf('submitted', due, due + 5 * DAY)).toBe('green');
  });
});

describe('a submission', () => {
  const open: ObligationTimerState = { stage: 'open', light: 'green', dueAt: '', remindersSent: [], remindersPending: [] };

  test('needs a submitter and a non-empty report', () => {
    expect(() => checkSubmission(open, { by: ' ', text: '报告' })).toThrow('请填写报送人');
    expect(() => checkSubmission(open, { by: '江海区', text: '' })).toThrow('报告内容不能为空');
    expect(() => checkSubmission(open, { by: '江海区', text: '已完成' })).not.toThrow();
  });
  test('is refused twice, and after the obligation closed as overdue', () => {
    const submitted = { ...open, stage: 'submitted' as const, submission: { receipt: 'HZ-x-1', submittedAt: '', onTime: true, by: 'a' } };
    expect(() => checkSubmission(submitted, { by: 'a', text: 'b' })).toThrow('已报送（回执 HZ-x-1），不能重复报送');
    expect(() => checkSubmission({ ...open, stage: 'overdue' }, { by: 'a', text: 'b' })).toThrow('已逾期关闭');
  });
  test('is refused when the text is over 20,000 characters', () => {
    expect(() => checkSubmission(open, { by: 'a', text: '字'.repeat(20_001) })).toThrow('报告内容过长（20001 字');
  });
});

test('the Temporal UI summary and details read like a ledger line', () => {
  expect(timerSummary({ obligationId: 'x', plan: 'p', task: 15, unit: '台山市', duty: '整治工作完成情况', dueAt: '2024-10-20T23:59:59+08:00' })).toBe(
    '任务15 · 台山市 · 整治工作完成情况 · 截止 2024-10-20',
  );
  expect(
    timerDetails({ stage: 'open', light: 'yellow', dueAt: '', remindersSent: [{ step: '提醒-3天', at: '2024-10-17T23:59:59+08:00', sentAt: '' }], remindersPending: [] }),
  ).toBe('状态：待办；灯：黄灯；最近提醒：提醒-3天 2024-10-17T23:59:59+08:00');
});
