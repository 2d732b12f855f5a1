// When the reminders of one obligation go out: pure arithmetic on the due instant.
import { parseDuration, parseInstant, isoAt } from '../calendar/time';
import { DomainError } from '../errors';

/** One rung of the reminder ladder: a step name and how long before the due instant it fires. */
export interface ReminderOffset {
  /** Step name shown to users and used in idempotency keys, e.g. "提醒-7天". */
  step: string;
  /** ISO 8601 duration before the due instant, e.g. "P7D". */
  before: string;
}

export interface PlannedReminder {
  step: string;
  /** ISO 8601 instant in +08:00. */
  at: string;
  atMs: number;
}

/** Default offsets until the working-day ladder of the plan model replaces them. */
export const DEFAULT_REMINDER_OFFSETS: readonly ReminderOffset[] = [
  { step: '提醒-7天', before: 'P7D' },
  { step: '提醒-3天', before: 'P3D' },
  { step: '提醒-1天', before: 'P1D' },
];

/**
 * The reminders still ahead of `openedAtMs`, earliest first. A rung whose instant is not after
 * the opening instant is skipped: an obligation opened 2 days before its deadline gets only the
 * 1-day reminder, never a burst of stale ones.
 */
export function planReminders(dueAt: string, offsets: readonly ReminderOffset[], openedAtMs: number): PlannedReminder[] {
  const due = parseInstant(dueAt, 'dueAt');
  const steps = new Set<string>();
  return offsets
    .map((o, i) => {
      if (steps.has(o.step)) throw new DomainError(`reminders[${i}].step: 提醒步骤 "${o.step}" 重复`, `reminders[${i}].step "${o.step}" is repeated`);
      steps.add(o.step);
      const atMs = due.minus(parseDuration(o.before, `reminders[${i}].before`)).toMillis();
      return { step: o.step, at: isoAt(atMs), atMs };
    })
    .filter((r) => r.atMs > openedAtMs && r.atMs < due.toMillis())
    .sort((a, b) => a.atMs - b.atMs);
}
