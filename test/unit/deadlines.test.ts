import { readDue } from '../../domain/calendar/deadline';
import { parseInstant } from '../../domain/calendar/time';
import { DomainError } from '../../domain/errors';

describe('deadlines are read in Beijing time', () => {
  test('a bare date means the end of that day, 23:59:59+08:00', () => {
    expect(readDue('2024-05-31', 'due')).toBe('2024-05-31T23:59:59+08:00');
    expect(readDue(' 2024-10-20 ', 'due')).toBe('2024-10-20T23:59:59+08:00');
  });
  test('an instant without offset is Beijing local time; one with offset is converted', () => {
    expect(readDue('2024-10-15T17:30', 'due')).toBe('2024-10-15T17:30:00+08:00');
    expect(readDue('2024-10-15T09:30:00Z', 'due')).toBe('2024-10-15T17:30:00+08:00');
  });
  test('a malformed date is refused with the field name in Chinese and English', () => {
    expect(() => parseInstant('2024-02-30', 'tasks[3].due')).toThrow(DomainError);
    expect(() => parseInstant('2024-02-30', 'tasks[3].due')).toThrow('tasks[3].due: 不是有效的时间 "2024-02-30"');
    expect(() => readDue('2024-02-30', 'newDue')).toThrow('newDue: 不是有效的时间 "2024-02-30"');
  });
});
