// The plan's own holiday arrangement (2027, which the calendar package lacks) in the working-day rules outside the
// ladder: the office hour a 汇总 or the annual summary is delivered at, the late working days of the scoring, and the
// working days left a notice states.
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { readCalendarFile } from '../../domain/calendar/arrangement';
import { nextOfficeHour } from '../../domain/calendar/office-hours';
import { lateWorkingDays } from '../../domain/scoring/score';
import { scoringRules } from '../../domain/scoring/rules';
import { timeLeft } from '../../domain/notices/format';
import { buildNotice } from '../../domain/obligation/notice';
import { initialState } from '../../domain/obligation/lifecycle';
import { renderDigest, renderNotice } from '../../activities/mail/templates';
import { shippedSpecs } from '../helpers/shipped-reminder';

const CALENDAR = 'test/fixtures/calendar/calendar-2027.yaml'; // 国庆节 10-01 to 10-07 off, Saturday 10-09 on
const arranged = readCalendarFile(fs.readFileSync(CALENDAR, 'utf8'), CALENDAR);
const at = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });

test('a 汇总 compiled on the last day of September goes out after 国庆节, not on Friday 10-01', () => {
  expect(nextOfficeHour(at('2027-09-30T23:59:59')).toISO()).toBe('2027-10-01T09:00:00.000+08:00');
  expect(nextOfficeHour(at('2027-09-30T23:59:59'), '09:00', arranged).toISO()).toBe('2027-10-08T09:00:00.000+08:00');
  expect(nextOfficeHour(at('2027-10-08T23:59:59'), '09:00', arranged).toISO()).toBe('2027-10-09T09:00:00.000+08:00'); // 调休
});

test('a report due 09-30 and handed in on 10-08 is one working day late with the arrangement, six without', () => {
  const handedIn = at('2027-10-08T10:00').toMillis();
  expect(lateWorkingDays('2027-09-30T23:59:59+08:00', handedIn)).toBe(6);
  expect(lateWorkingDays('2027-09-30T23:59:59+08:00', handedIn, arranged)).toBe(1);
});

test("the scoring rules keep the plan's arrangements, and drop anything that is not one", () => {
  expect(scoringRules({ holidays: arranged }).holidays).toEqual(arranged);
  expect(scoringRules({ holidays: [{ year: 'x' }] as never }).holidays).toBeUndefined();
  expect(scoringRules({}).holidays).toBeUndefined();
});

test('a reminder counts the working days left by the office’s arrangement, in its mail and in a digest', () => {
  const spec = shippedSpecs.get('jiangmen-2024.t1.annual.taishan')!;
  const arrangedSpec = { ...spec, ladderConfig: { ...spec.ladderConfig, holidays: arranged } };
  const step = { step: 'reminder' as const, key: 'remind-7', at: '2027-09-29T09:00:00+08:00' };
  const state = { ...initialState(spec, at('2027-09-01T00:00').toMillis()), due: '2027-10-11T23:59:59+08:00' };
  // 09-29, 09-30, 10-08, Saturday 10-09 and 10-11: five; Monday to Friday would say nine.
  expect(timeLeft(step.at, state.due)).toBe('距截止还剩 9 个工作日');
  expect(timeLeft(step.at, state.due, arranged)).toBe('距截止还剩 5 个工作日');
  const notice = buildNotice(arrangedSpec, state, step, 'k');
  expect(notice.holidays).toEqual(arranged);
  const context = { contact: '市司法局', issuer: '江门市司法局' };
  expect(renderNotice(notice, context).text).toContain('距截止还剩 5 个工作日');
  expect(renderDigest([notice, { ...notice, key: 'k2' }], context).text).toContain('距截止还剩 5 个工作日');
  // A plan without arrangements: notices carry none (nothing added to every notice of every plan).
  expect(buildNotice(spec, state, step, 'k').holidays).toBeUndefined();
});
