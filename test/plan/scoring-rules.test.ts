// A plan's scoring block (考核计分规则): defaults when absent, a partial block filled in, and every mistake
// refused like the rest of the plan file, with file:line and field.
import { alter, directoryText as dir, lineOf, planText as plan, refusals, PLAN_FILE as P } from '../helpers/plan-files';
import { loadPlan } from '../../domain/plan/load';
import { DEFAULT_SCORING, scoringRules } from '../../domain/scoring/rules';

const withScoring = (block: string) => alter(plan, '\ngroups:\n', `\n${block}\ngroups:\n`);
const load = (text: string) => loadPlan({ file: P, text }, { file: 'plans/directory.yaml', text: dir });

test('the shipped plan declares no scoring block: the defaults apply', () => {
  expect(load(plan).plan.scoring).toBeUndefined();
  expect(scoringRules(load(plan).plan.scoring)).toEqual(DEFAULT_SCORING);
});

test('a plan’s own rules, the rest from the defaults', () => {
  const text = withScoring('scoring:\n  onTime: 3\n  lateCap: 10\n  escalation: { 通报: 8 }\n  finding: 2.5');
  expect(refusals(text, dir)).toEqual([]);
  expect(scoringRules(load(text).plan.scoring)).toEqual({
    ...DEFAULT_SCORING,
    onTime: 3,
    lateCap: 10,
    escalation: { 催办: 1, 督办: 2, 通报: 8 },
    finding: 2.5,
  });
});

describe('refused', () => {
  test('a misspelt rule', () => {
    const bad = withScoring('scoring:\n  ontime: 3');
    expect(refusals(bad, dir)).toEqual([`${P}:${lineOf(bad, 'ontime')} scoring.ontime: 未知字段 "ontime" (unknown field "ontime")`]);
  });

  test('an escalation step that does not exist', () => {
    const bad = withScoring('scoring:\n  escalation: { 约谈: 3 }');
    expect(refusals(bad, dir)).toEqual([`${P}:${lineOf(bad, '约谈')} scoring.escalation.约谈: 未知字段 "约谈" (unknown field "约谈")`]);
  });

  test('a deduction written as a negative number', () => {
    const bad = withScoring('scoring:\n  returned: -1');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, 'returned: -1')} scoring.returned: 分值不能为负数（扣分也写正数） (points must not be negative (deductions are written as positive numbers))`,
    ]);
  });

  test('points that are not a number', () => {
    const bad = withScoring('scoring:\n  onTime: 两分');
    const [issue] = refusals(bad, dir);
    expect(issue).toMatch(new RegExp(`^${P}:${lineOf(bad, '两分')} scoring\\.onTime: `));
  });

  test('a cap below one working day’s deduction', () => {
    const bad = withScoring('scoring:\n  latePerWorkingDay: 2\n  lateCap: 1');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, 'lateCap: 1')} scoring.lateCap: 逾期扣分上限 lateCap（1）小于每个工作日的扣分 latePerWorkingDay（2） (lateCap (1) is below latePerWorkingDay (2))`,
    ]);
  });
});
