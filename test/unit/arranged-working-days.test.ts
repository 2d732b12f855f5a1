// The plan's own holiday arrangement (2027, which the calendar package lacks) in the working-day rules outside the
// ladder: the office hour a 汇总 or the annual summary is delivered at, and the late working days of the scoring.
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { readCalendarFile } from '../../domain/calendar/arrangement';
import { nextOfficeHour } from '../../domain/calendar/office-hours';
import { lateWorkingDays } from '../../domain/scoring/score';
import { scoringRules } from '../../domain/scoring/rules';

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
