import { DateTime } from 'luxon';
import {
  atOfficeHour,
  calendarCovers,
  calendarWarnings,
  isWorkingDay,
  nthWorkingDayAfter,
  nthWorkingDayBefore,
} from '../../domain/calendar/working-days';
import { planLadder, DEFAULT_LADDER } from '../../domain/calendar/ladder';
import { endOfDay } from '../../domain/calendar/deadline';

const day = (d: string) => DateTime.fromISO(d, { zone: 'Asia/Shanghai' });
const ymd = (d: DateTime) => d.toFormat('yyyy-MM-dd');
const ladder = (due: string, opens = '2024-05-15') => planLadder(endOfDay(due), day(opens), DEFAULT_LADDER).map((s) => `${s.step}@${s.at}`);

describe('official working days (State Council arrangement)', () => {
  test('National Day 2024: Oct 1–7 are off; Sunday Sep 29 and Saturday Oct 12 are make-up working days', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(day(`2024-10-0${d}`))).toBe(false);
    expect(isWorkingDay(day('2024-09-29'))).toBe(true);
    expect(isWorkingDay(day('2024-10-12'))).toBe(true);
    expect(isWorkingDay(day('2024-10-08'))).toBe(true);
  });
  test('Labour Day 2024: Saturday May 11 is a make-up working day, May 1–5 are off', () => {
    expect(isWorkingDay(day('2024-05-11'))).toBe(true);
    for (let d = 1; d <= 5; d++) expect(isWorkingDay(day(`2024-05-0${d}`))).toBe(false);
  });
  test('an ordinary weekend is off', () => {
    expect(isWorkingDay(day('2024-10-19'))).toBe(false);
    expect(isWorkingDay(day('2024-10-20'))).toBe(false);
  });
  test('counting working days steps over holidays and includes make-up days', () => {
    expect(ymd(nthWorkingDayBefore(day('2024-10-08'), 1))).toBe('2024-09-30');
    expect(ymd(nthWorkingDayBefore(day('2024-10-08'), 2))).toBe('2024-09-29');
    expect(ymd(nthWorkingDayAfter(day('2024-09-30'), 1))).toBe('2024-10-08');
    expect(ymd(nthWorkingDayAfter(day('2024-05-10'), 1))).toBe('2024-05-11');
  });
  test('office hour is 09:00 Beijing time', () => {
    expect(atOfficeHour(day('2024-10-18')).toISO()).toBe('2024-10-18T09:00:00.000+08:00');
  });
  test('the time zone of the machine does not matter', () => {
    const utcEvening = DateTime.fromISO('2024-10-11T20:00:00Z'); // already Saturday Oct 12 in Beijing
    expect(isWorkingDay(utcEvening)).toBe(true);
  });
});

describe('the default ladder: 提醒 7/3/1 working days before, 催办 1, 督办 3, 通报 7 after, at 09:00', () => {
  test('a deadline on a Sunday (2024-10-20) counts back from Friday and forward from Monday', () => {
    expect(ladder('2024-10-20')).toEqual([
      'reminder@2024-10-11T09:00:00+08:00',
      'reminder@2024-10-16T09:00:00+08:00',
      'reminder@2024-10-18T09:00:00+08:00',
      '催办@2024-10-21T09:00:00+08:00',
      '督办@2024-10-23T09:00:00+08:00',
      '通报@2024-10-29T09:00:00+08:00',
    ]);
  });
  test('a deadline just after National Day (2024-10-15) reaches back across the holiday and the make-up Saturday', () => {
    expect(ladder('2024-10-15').slice(0, 3)).toEqual([
      'reminder@2024-09-30T09:00:00+08:00',
      'reminder@2024-10-11T09:00:00+08:00',
      'reminder@2024-10-14T09:00:00+08:00',
    ]);
  });
  test('a deadline on a holiday (2024-10-03): reminders before the holiday (make-up Sunday Sep 29 counts), 催办 on the first day back', () => {
    expect(ladder('2024-10-03')).toEqual([
      'reminder@2024-09-23T09:00:00+08:00',
      'reminder@2024-09-27T09:00:00+08:00',
      'reminder@2024-09-30T09:00:00+08:00',
      '催办@2024-10-08T09:00:00+08:00',
      '督办@2024-10-10T09:00:00+08:00',
      '通报@2024-10-15T09:00:00+08:00', // 7th working day counts the make-up Saturday Oct 12
    ]);
  });
  test('year end crosses into the next year, skipping New Year’s Day', () => {
    expect(ladder('2024-12-31').slice(3)).toEqual([
      '催办@2025-01-02T09:00:00+08:00',
      '督办@2025-01-06T09:00:00+08:00',
      '通报@2025-01-10T09:00:00+08:00',
    ]);
  });
  test('the May report, due 16 days after the plan was issued, keeps every rung', () => {
    expect(ladder('2024-05-31').slice(0, 3)).toEqual([
      'reminder@2024-05-22T09:00:00+08:00',
      'reminder@2024-05-28T09:00:00+08:00',
      'reminder@2024-05-30T09:00:00+08:00',
    ]);
  });
  test('a rung before the obligation opened is skipped', () => {
    expect(ladder('2024-05-31', '2024-05-25')).toEqual([
      'reminder@2024-05-28T09:00:00+08:00',
      'reminder@2024-05-30T09:00:00+08:00',
      '催办@2024-06-03T09:00:00+08:00',
      '督办@2024-06-05T09:00:00+08:00',
      '通报@2024-06-12T09:00:00+08:00',
    ]);
  });
});

describe('years the holiday data does not cover', () => {
  test('fall back to Monday–Friday, with a warning', () => {
    expect(calendarCovers(2024)).toBe(true);
    expect(calendarCovers(2099)).toBe(false);
    expect(isWorkingDay(day('2099-01-01'))).toBe(true); // a Thursday; the real holiday is unknown
    expect(isWorkingDay(day('2099-01-03'))).toBe(false); // Saturday
    expect(calendarWarnings([2024, 2099, 2099])).toEqual([
      {
        zh: '2099 年的节假日安排尚未收录，按周一至周五为工作日计算',
        en: 'no holiday arrangement for 2099: Monday to Friday are taken as working days',
      },
    ]);
  });
});
