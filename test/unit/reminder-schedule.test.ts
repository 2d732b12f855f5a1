import { DateTime } from 'luxon';
import { DEFAULT_REMINDER_OFFSETS, planReminders } from '../../domain/timer/reminder-schedule';
import { parseDeadline, parseInstant } from '../../domain/calendar/time';
import { DomainError } from '../../domain/errors';

const ms = (iso: string) => DateTime.fromISO(iso).toMillis();

describe('deadlines are read in Beijing time', () => {
  test('a bare date means the end of that day, 23:59:59+08:00', () => {
    expect(parseDeadline('2024-05-31', 'due')).toBe('2024-05-31T23:59:59+08:00');
    expect(parseDeadline('2024-10-20', 'due')).toBe('2024-10-20T23:59:59+08:00');
  });
  test('an instant without offset is Beijing local time; one with offset is converted', () => {
    expect(parseDeadline('2024-10-15T17:30', 'due')).toBe('2024-10-15T17:30:00+08:00');
    expect(parseDeadline('2024-10-15T09:30:00Z', 'due')).toBe('2024-10-15T17:30:00+08:00');
  });
  test('a malformed date is refused with the field name in Chinese and English', () => {
    expect(() => parseInstant('2024-02-30', 'tasks[3].due')).toThrow(DomainError);
    expect(() => parseInstant('2024-02-30', 'tasks[3].due')).toThrow('tasks[3].due: 不是有效的时间 "2024-02-30"');
  });
});

describe('the reminder ladder of one obligation', () => {
  const due = '2024-10-20T23:59:59+08:00';
  const opened = ms('2024-09-01T09:00:00+08:00');

  test('defaults to 7, 3 and 1 days before the deadline, earliest first, in +08:00', () => {
    expect(planReminders(due, DEFAULT_REMINDER_OFFSETS, opened).map((r) => [r.step, r.at])).toEqual([
      ['提醒-7天', '2024-10-13T23:59:59+08:00'],
      ['提醒-3天', '2024-10-17T23:59:59+08:00'],
      ['提醒-1天', '2024-10-19T23:59:59+08:00'],
    ]);
  });

  test('keeps the order of time whatever the order of the configuration', () => {
    const offsets = [
      { step: 'b', before: 'PT2H' },
      { step: 'a', before: 'P2D' },
    ];
    expect(planReminders(due, offsets, opened).map((r) => r.step)).toEqual(['a', 'b']);
  });

  test('skips rungs that fall before the obligation opened', () => {
    const lateOpen = ms('2024-10-18T10:00:00+08:00');
    expect(planReminders(due, DEFAULT_REMINDER_OFFSETS, lateOpen).map((r) => r.step)).toEqual(['提醒-1天']);
  });

  test('has nothing left for an obligation opened after its deadline', () => {
    expect(planReminders(due, DEFAULT_REMINDER_OFFSETS, ms('2024-10-21T09:00:00+08:00'))).toEqual([]);
  });

  test('refuses a malformed offset or a repeated step name', () => {
    expect(() => planReminders(due, [{ step: 'x', before: '7 days' }], opened)).toThrow('reminders[0].before: 不是有效的时长');
    expect(() =>
      planReminders(due, [{ step: 'x', before: 'P1D' }, { step: 'x', before: 'P2D' }], opened),
    ).toThrow('reminders[1].step: 提醒步骤 "x" 重复');
  });
});
