// The office's calendar file (节假日安排) for a year the calendar package lacks: checked with file:line, and taking
// precedence over the package's data in the ladder of a 2027 deadline.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { PROJECT_ROOT } from '../../config/paths';
import { calendarFileText, readCalendarFile } from '../../domain/calendar/arrangement';
import { DEFAULT_LADDER, planLadder } from '../../domain/calendar/ladder';
import { isWorkingDay } from '../../domain/calendar/working-days';
import { formatIssue, PlanFileError } from '../../domain/plan/issues';
import { loadPlan } from '../../domain/plan/load';
import { DIRECTORY_FILE, directoryText, lineOf, PLAN_FILE, planText } from '../helpers/plan-files';

const FILE = 'test/fixtures/calendar/calendar-2027.yaml';
const text = fs.readFileSync(path.join(PROJECT_ROOT, FILE), 'utf8');
const arrangements = readCalendarFile(text, FILE);

const refusals = (t: string) => {
  try {
    readCalendarFile(t, 'calendar.yaml');
    return [];
  } catch (err) {
    if (err instanceof PlanFileError) return err.issues.map(formatIssue);
    throw err;
  }
};

test('a year travels as a few dozen bytes: runs of days off and the make-up working days', () => {
  expect(arrangements).toEqual([{ year: 2027, holidays: '0101-0103 0206-0212 1001-1007', workdays: '0220 1009' }]);
  expect(JSON.stringify(arrangements).length).toBeLessThan(100);
  // Written back, the same arrangement is read.
  expect(readCalendarFile(calendarFileText(arrangements), 'calendar.yaml')).toEqual(arrangements);
});

test('the calendar file changes the ladder of a 2027 deadline', () => {
  const due = DateTime.fromISO('2027-02-15T23:59:59+08:00');
  const opens = DateTime.fromISO('2027-01-04T09:00:00+08:00');
  const at = (config: typeof DEFAULT_LADDER & { holidays?: typeof arrangements }) =>
    Object.fromEntries(planLadder(due, opens, config).map((s) => [s.key, s.at.slice(0, 10)]));
  // Without it, 2027 falls back to Monday–Friday: the last reminder on Friday 02-12, in the middle of 春节.
  expect(at(DEFAULT_LADDER)).toEqual({
    'remind-7': '2027-02-04',
    'remind-3': '2027-02-10',
    'remind-1': '2027-02-12',
    'urge-1': '2027-02-16',
    'supervise-3': '2027-02-18',
    'notify-7': '2027-02-24',
  });
  // With it, the reminders go before the holiday and the 通报 counts the make-up Saturday 02-20.
  expect(at({ ...DEFAULT_LADDER, holidays: arrangements })).toEqual({
    'remind-7': '2027-01-28',
    'remind-3': '2027-02-03',
    'remind-1': '2027-02-05',
    'urge-1': '2027-02-16',
    'supervise-3': '2027-02-18',
    'notify-7': '2027-02-23',
  });
  expect(isWorkingDay(DateTime.fromISO('2027-02-20T10:00:00+08:00'), arrangements)).toBe(true);
  expect(isWorkingDay(DateTime.fromISO('2027-02-20T10:00:00+08:00'))).toBe(false);
});

test('a plan moved to 2027 says which year lacks an arrangement and which file to fill in, until it is there', () => {
  const load = (holidays?: typeof arrangements) =>
    loadPlan(
      { file: PLAN_FILE, text: planText },
      { file: DIRECTORY_FILE, text: directoryText },
      { year: 2027, holidays, calendarFile: 'plans/calendar.yaml' },
    );
  expect(load().warnings.map((w) => w.zh)).toContain(
    '2027 年没有节假日安排：请在 plans/calendar.yaml 中填写国务院公布的 2027 年放假和调休上班日期；填写之前按周一至周五为工作日计算',
  );
  const loaded = load(arrangements);
  expect(loaded.warnings.map((w) => w.zh).join('\n')).not.toContain('2027 年没有节假日安排');
  // 10-01 to 10-07 off: task 17's deadline, Friday 2027-10-15, gets its 7-days-before reminder on Thursday 09-30.
  const t17 = loaded.obligations.find((o) => o.id === 'jiangmen-2027.t17.cleanup.taishan')!;
  expect(t17.ladder.find((s) => s.key === 'remind-7')!.at).toBe('2027-09-30T09:00:00+08:00');
});

test('a bad calendar file is refused with every problem, by file, line and field', () => {
  const bad = [
    'years:',
    '  - year: 2027',
    '    holidays:',
    '      - { name: 元旦, from: 2026-12-31, to: 2027-01-02 }',
    '      - { name: 春节, from: 2027-02-12, to: 2027-02-06 }',
    '      - { name: 国庆节, from: 2027-10-01, to: 2027-10-07 }',
    '    workdays: [2027-10-02, 2027-02-17, 2027-13-01]',
    '  - year: 2027',
    '    holidays: [{ name: 清明节, from: 2027-04-05 }]',
  ].join('\n');
  const line = (needle: string) => lineOf(bad, needle);
  expect(refusals(bad)).toEqual([`calendar.yaml:${line('2027-13-01')} years[0].workdays[2]: 不是有效的日期 (not a valid calendar date)`]);
  const fixed = bad.replace(', 2027-13-01', '');
  expect(refusals(fixed)).toEqual([
    `calendar.yaml:${line('2026-12-31')} years[0].holidays[0].from: 日期 2026-12-31 不在 2027 年内 (2026-12-31 is not in 2027)`,
    `calendar.yaml:${line('to: 2027-02-06')} years[0].holidays[1].to: 结束日期 2027-02-06 早于开始日期 2027-02-12 (2027-02-06 is before 2027-02-12)`,
    `calendar.yaml:${line('workdays')} years[0].workdays[0]: 2027-10-02 既是放假日又是调休上班日 (2027-10-02 is both a holiday and a working day)`,
    `calendar.yaml:${line('workdays')} years[0].workdays[1]: 调休上班日 2027-02-17 是工作日（周三），应为周六或周日 (2027-02-17 is a weekday)`,
    `calendar.yaml:${line('  - year: 2027\n    holidays: [')} years[1].year: 2027 年重复填写 (year 2027 is listed twice)`,
  ]);
});
