// The office-hour rule: a notice due at an instant goes out at the next working day's sendAt (or that day's,
// when the instant is on a working day before it), on the Chinese working-day calendar.
import { nextOfficeHour, nextOfficeHourMs } from '../../domain/calendar/office-hours';
import { isoAt, parseInstant } from '../../domain/calendar/time';

const next = (t: string, sendAt?: string) => isoAt(nextOfficeHour(parseInstant(t, 't'), sendAt).toMillis());

describe('the next office-hour send instant', () => {
  test('on a working day before sendAt: that day at sendAt; exactly at sendAt: that instant', () => {
    expect(next('2024-10-15T07:58')).toBe('2024-10-15T09:00:00+08:00');
    expect(next('2024-10-15T00:00')).toBe('2024-10-15T09:00:00+08:00');
    expect(next('2024-10-15T09:00:00')).toBe('2024-10-15T09:00:00+08:00');
  });

  test('on a working day after sendAt: the next working day', () => {
    expect(next('2024-10-15T09:00:01')).toBe('2024-10-16T09:00:00+08:00');
    expect(next('2024-10-15T23:59:59')).toBe('2024-10-16T09:00:00+08:00');
    expect(next('2024-05-31T23:59:59')).toBe('2024-06-03T09:00:00+08:00'); // Friday night: Monday
  });

  test('weekends: the following Monday (Saturday 2024-08-31, Saturday 2024-11-30)', () => {
    expect(next('2024-08-31T23:59:59')).toBe('2024-09-02T09:00:00+08:00');
    expect(next('2024-11-30T23:59:59')).toBe('2024-12-02T09:00:00+08:00');
    expect(next('2024-11-30T08:00')).toBe('2024-12-02T09:00:00+08:00');
  });

  test('a Sunday before a 调休 Saturday: Sunday 2024-10-20 goes to Monday; Friday 2024-10-11 night to Saturday 10-12 (a working day)', () => {
    expect(next('2024-10-20T23:59:59')).toBe('2024-10-21T09:00:00+08:00');
    expect(next('2024-10-11T18:00')).toBe('2024-10-12T09:00:00+08:00');
    expect(next('2024-10-12T08:30')).toBe('2024-10-12T09:00:00+08:00');
  });

  test('National Day 2024-10-01..07: the first working day after it, Tuesday 10-08', () => {
    expect(next('2024-09-30T23:59:59')).toBe('2024-10-08T09:00:00+08:00');
    expect(next('2024-10-03T12:00')).toBe('2024-10-08T09:00:00+08:00');
    expect(next('2024-10-07T08:00')).toBe('2024-10-08T09:00:00+08:00');
  });

  test('New Year: 2024-12-31 23:59:59 and 2025-01-01 00:00:01 go to Thursday 2025-01-02', () => {
    expect(next('2024-12-31T23:59:59')).toBe('2025-01-02T09:00:00+08:00');
    expect(next('2025-01-01T00:00:01')).toBe('2025-01-02T09:00:00+08:00');
  });

  test('the plan’s own send time', () => {
    expect(next('2024-10-15T08:45', '08:30')).toBe('2024-10-16T08:30:00+08:00');
    expect(next('2024-10-15T14:00', '14:30')).toBe('2024-10-15T14:30:00+08:00');
  });

  test('in epoch milliseconds, as workflows keep time', () => {
    const t = parseInstant('2024-08-31T23:59:59', 't').toMillis();
    expect(isoAt(nextOfficeHourMs(t))).toBe('2024-09-02T09:00:00+08:00');
  });
});
