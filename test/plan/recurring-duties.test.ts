// Duties that recur every month, quarter or half-year: one round per period, each with its own deadline, ladder
// and 汇总; rules that a calendar cannot honour are refused with the file, line and field.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { loadPlan } from '../../domain/plan/load';
import { formatIssue, PlanFileError } from '../../domain/plan/issues';
import { expandRecurrence, Recurrence } from '../../domain/plan/recurrence';
import { planRunSpec } from '../../domain/obligation/spec';
import { alter, lineOf } from '../helpers/plan-files';

const PLAN = 'test/fixtures/plans/recurring.yaml';
const DIR = 'test/fixtures/plans/directory.yaml';
const read = (f: string) => fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8');
const planText = read(PLAN);
const dirText = read(DIR);
const load = (text = planText, year?: number) => loadPlan({ file: PLAN, text }, { file: DIR, text: dirText }, { year });
function refusals(text: string): string[] {
  try {
    load(text);
    return [];
  } catch (err) {
    if (err instanceof PlanFileError) return err.issues.map(formatIssue);
    throw err;
  }
}
const rule = (r: Partial<Recurrence> & Pick<Recurrence, 'every' | 'day'>): Recurrence => ({ month: 'last', ...r });

describe('每季度最后一个月的30日前 (quarterly, from the issue date on)', () => {
  const loaded = load();
  const progress = loaded.obligations.filter((o) => o.task === 1);

  test('one round per quarter whose deadline follows the issue date, with readable ids and labels', () => {
    expect(progress.map((o) => [o.id, o.round, o.duty, o.due])).toEqual([
      ['recurring-2024.t1.progress-q2.jia', 'recurring-2024.t1.progress-q2', '重点工作进展情况（第二季度）', '2024-06-30T23:59:59+08:00'],
      ['recurring-2024.t1.progress-q3.jia', 'recurring-2024.t1.progress-q3', '重点工作进展情况（第三季度）', '2024-09-30T23:59:59+08:00'],
      ['recurring-2024.t1.progress-q4.jia', 'recurring-2024.t1.progress-q4', '重点工作进展情况（第四季度）', '2024-12-30T23:59:59+08:00'],
    ]);
  });

  test('each period opens when it starts (not before the issue date) and has its own ladder', () => {
    expect(progress.map((o) => o.opens)).toEqual(['2024-05-15T00:00:00+08:00', '2024-07-01T00:00:00+08:00', '2024-10-01T00:00:00+08:00']);
    // Q3: the 1st working day before Monday Sep 30 is Sunday Sep 29, a make-up working day (调休) of 2024;
    // 催办 the 1st working day after, which is Oct 8 after the National Day holiday.
    const q3 = progress[1].ladder.map((s) => `${s.step} ${s.at}`);
    expect(q3).toEqual([
      'reminder 2024-09-20T09:00:00+08:00',
      'reminder 2024-09-26T09:00:00+08:00',
      'reminder 2024-09-29T09:00:00+08:00',
      '催办 2024-10-08T09:00:00+08:00',
      '督办 2024-10-10T09:00:00+08:00',
      '通报 2024-10-15T09:00:00+08:00',
    ]);
  });

  test('a target reported in the recurring duty is asked for in every period', () => {
    expect(progress.map((o) => o.targets.map((t) => `${t.label} ${t.value}${t.unit}`))).toEqual([
      ['办结案件 40件'],
      ['办结案件 40件'],
      ['办结案件 40件'],
    ]);
  });

  test('a quarter-end 30日 in a 31-day month is kept as written, with a warning', () => {
    expect(loaded.warnings.map((w) => w.zh)).toContain(
      '任务 1 progress：2024年第四季度的截止日按原文为 12月30日，而该月有 31 天；如指月末，请写 day: last',
    );
  });

  test('each period is a round of its own, compiled (汇总) for its own deadline', () => {
    const rounds = planRunSpec(loaded).rounds.filter((r) => r.task === 1);
    expect(rounds.map((r) => [r.round, r.due, r.compiledBy, r.obligations.length])).toEqual([
      ['recurring-2024.t1.progress-q2', '2024-06-30T23:59:59+08:00', '司法局', 1],
      ['recurring-2024.t1.progress-q3', '2024-09-30T23:59:59+08:00', '司法局', 1],
      ['recurring-2024.t1.progress-q4', '2024-12-30T23:59:59+08:00', '司法局', 1],
    ]);
  });
});

describe('每月5日前报送上月情况 (monthly, on the next month)', () => {
  const monthly = load().obligations.filter((o) => o.task === 2);

  test('from the period named in `from` to the plan year’s last, December’s report due in January', () => {
    expect(monthly.map((o) => [o.id, o.duty, o.due])).toEqual([
      ['recurring-2024.t2.monthly-m09.yi', '执法数据（9月）', '2024-10-05T23:59:59+08:00'],
      ['recurring-2024.t2.monthly-m10.yi', '执法数据（10月）', '2024-11-05T23:59:59+08:00'],
      ['recurring-2024.t2.monthly-m11.yi', '执法数据（11月）', '2024-12-05T23:59:59+08:00'],
      ['recurring-2024.t2.monthly-m12.yi', '执法数据（12月）', '2025-01-05T23:59:59+08:00'],
    ]);
  });

  test('the default first period is the first whose deadline follows the issue date', () => {
    const text = alter(planText, 'due: { every: month, month: next, day: 5, from: 2024-09 }', 'due: { every: month, month: next, day: 5 }');
    const ids = load(text)
      .obligations.filter((o) => o.task === 2)
      .map((o) => o.dutyId);
    // Issued May 15: April's report (due May 5) is past; May's (due June 5) is the first.
    expect(ids).toEqual([
      'monthly-m05',
      'monthly-m06',
      'monthly-m07',
      'monthly-m08',
      'monthly-m09',
      'monthly-m10',
      'monthly-m11',
      'monthly-m12',
    ]);
  });
});

describe('the rule itself', () => {
  test('每半年 at the end of each half; 每季度第一个月10日前; a given month and day', () => {
    const dues = (r: Recurrence) => expandRecurrence(r, 2024, '2024-01-10').occurrences.map((o) => `${o.suffix} ${o.due}`);
    expect(dues(rule({ every: 'half-year', day: 'last' }))).toEqual(['h1 2024-06-30', 'h2 2024-12-31']);
    expect(dues(rule({ every: 'quarter', month: 'first', day: 10 }))).toEqual(['q2 2024-04-10', 'q3 2024-07-10', 'q4 2024-10-10']);
    expect(dues(rule({ every: 'quarter', month: 2, day: 15 }))).toEqual([
      'q1 2024-02-15',
      'q2 2024-05-15',
      'q3 2024-08-15',
      'q4 2024-11-15',
    ]);
    expect(dues(rule({ every: 'month', day: 'last', from: '2024-01', to: '2024-03' }))).toEqual([
      'm01 2024-01-31',
      'm02 2024-02-29',
      'm03 2024-03-31',
    ]);
  });

  test('periods over several years carry the year in their ids and labels', () => {
    const out = expandRecurrence(rule({ every: 'quarter', day: 'last', from: '2024-Q4', to: '2025-Q1' }), 2024, '2024-01-01');
    expect(out.occurrences.map((o) => [o.suffix, o.label, o.due])).toEqual([
      ['2024q4', '（2024年第四季度）', '2024-12-31'],
      ['2025q1', '（2025年第一季度）', '2025-03-31'],
    ]);
  });
});

describe('a recurring rule that cannot be honoured is refused with file:line and field', () => {
  test('a literal day a month does not have (每月31日)', () => {
    const bad = alter(
      planText,
      'due: { every: month, month: next, day: 5, from: 2024-09 }',
      'due: { every: month, day: 31, from: 2024-09 }',
    );
    expect(refusals(bad)).toEqual([
      `${PLAN}:${lineOf(bad, 'day: 31')} tasks[1].duties[0].due.day: 2024年9月没有 31 日（2024年9月）；月末请写 day: last (2024-09 has no day 31; write day: last for the month's end)`,
      `${PLAN}:${lineOf(bad, 'day: 31')} tasks[1].duties[0].due.day: 2024年11月没有 31 日（2024年11月）；月末请写 day: last (2024-11 has no day 31; write day: last for the month's end)`,
    ]);
  });

  test('a month the period does not have, a period written wrong, an unknown period, a first after the last', () => {
    const withDue = (due: string) => alter(planText, 'due: { every: month, month: next, day: 5, from: 2024-09 }', `due: ${due}`);
    expect(refusals(withDue('{ every: quarter, month: 4, day: 5 }'))).toEqual([
      expect.stringMatching(/tasks\[1\]\.duties\[0\]\.due\.month: 每季度只有 3 个月，month 不能是 4 /),
    ]);
    expect(refusals(withDue('{ every: quarter, day: 5, from: 2024-05 }'))).toEqual([
      expect.stringMatching(/tasks\[1\]\.duties\[0\]\.due\.from: 周期 "2024-05" 的写法不对，每季度应写作 2024-Q2 /),
    ]);
    expect(refusals(withDue('{ every: weekly, day: 5 }'))[0]).toMatch(/tasks\[1\]\.duties\[0\]\.due/);
    expect(refusals(withDue('{ every: month, day: 5, from: 2024-11, to: 2024-10 }'))).toEqual([
      expect.stringMatching(/due\.from: 起始周期 2024-11 晚于结束周期 2024-10 /),
    ]);
  });

  test('a bad plain date still says what a date looks like', () => {
    const bad = alter(planText, 'due: 2024-12-31 }\ngroups', 'due: 2024-13-31 }\ngroups');
    expect(refusals(bad)).toEqual([`${PLAN}:${lineOf(bad, 'yearEnd')} yearEnd.due: 不是有效的日期 (not a valid calendar date)`]);
  });

  test('a period whose id another duty of the task already has', () => {
    const bad = alter(
      planText,
      '    targets:\n',
      '      - { id: progress-q3, what: 另一项, to: [司法局], due: 2024-08-01 }\n    targets:\n',
    );
    expect(refusals(bad)).toEqual([expect.stringMatching(/tasks\[0\]\.duties\[1\]\.id: 报送事项编号 "progress-q3" 在任务 1 中重复 /)]);
  });

  test('periods outside the plan year need crossesYear', () => {
    const bad = alter(planText, 'from: 2024-09 }', 'from: 2024-09, to: 2025-02 }');
    expect(refusals(bad)).toEqual([
      expect.stringMatching(/due: 截止日期 2025-02-05 不在方案年度 2024 内/),
      expect.stringMatching(/due: 截止日期 2025-03-05 不在方案年度 2024 内/),
    ]);
    expect(refusals(bad.replace('to: 2025-02 }', 'to: 2025-02 }\n        crossesYear: true'))).toEqual([]);
  });
});

test('rebased to 2025, the rule keeps its meaning and its named periods move with the year', () => {
  const rebased = load(planText, 2025);
  expect(rebased.obligations.filter((o) => o.task === 2).map((o) => [o.dutyId, o.due])).toEqual([
    ['monthly-m09', '2025-10-05T23:59:59+08:00'],
    ['monthly-m10', '2025-11-05T23:59:59+08:00'],
    ['monthly-m11', '2025-12-05T23:59:59+08:00'],
    ['monthly-m12', '2026-01-05T23:59:59+08:00'],
  ]);
  expect(rebased.obligations.filter((o) => o.task === 1).map((o) => o.due.slice(0, 10))).toEqual([
    '2025-06-30',
    '2025-09-30',
    '2025-12-30',
  ]);
});
