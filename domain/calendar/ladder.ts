// The reminder and escalation ladder of one obligation (提醒 → 催办 → 督办 → 通报), in working days and
// office hours. Pure: the plan gives the configuration, the calendar gives the days.
import { DateTime } from 'luxon';
import { atOfficeHour, DEFAULT_SEND_AT, nthWorkingDayAfter, nthWorkingDayBefore } from './working-days';
import type { HolidayArrangement } from './holidays';
import { isoAt } from './time';

/** The escalation rungs after the deadline, weakest first (their level is their place, from 1). */
export const ESCALATION_STEPS = ['催办', '督办', '通报'] as const;
export type EscalationStep = (typeof ESCALATION_STEPS)[number];
/** Every rung of the ladder: the reminder before the deadline, then the escalations. */
export const LADDER_STEPS = ['reminder', ...ESCALATION_STEPS] as const;
export type LadderStepName = (typeof LADDER_STEPS)[number];

export interface LadderConfig {
  /** 提醒 on these working days before the due date, e.g. [7, 3, 1]. */
  remindBefore: number[];
  /** Escalations on these working days after the due date. */
  escalateAfter: { step: EscalationStep; workingDays: number }[];
  /** Office-hour send time, "HH:mm". */
  sendAt: string;
  /**
   * 签收提醒 on this working day after the obligation opens while it is not acknowledged (to the contact; the
   * leader one working day later); 0 sends none. Absent in obligations started before 签收 existed: none either.
   */
  acknowledgeWithin?: number;
  /** 延期申请: how many a unit may make per obligation, and how many calendar days past its deadline it may ask for. */
  extensions?: { maxApplications: number; maxDays: number };
  /**
   * The office's holiday arrangements for years the calendar package lacks (its calendar file), over the package's
   * data. Absent in obligations started without a calendar file: the package's data alone.
   */
  holidays?: HolidayArrangement[];
}

export const DEFAULT_LADDER: Required<Omit<LadderConfig, 'holidays'>> = {
  remindBefore: [7, 3, 1],
  escalateAfter: [
    { step: '催办', workingDays: 1 },
    { step: '督办', workingDays: 3 },
    { step: '通报', workingDays: 7 },
  ],
  sendAt: DEFAULT_SEND_AT,
  acknowledgeWithin: 2,
  extensions: { maxApplications: 2, maxDays: 30 },
};

/** Escalation level of each step (the DubanLevel search attribute). */
export const ESCALATION_LEVEL: Record<LadderStepName, number> = { reminder: 0, 催办: 1, 督办: 2, 通报: 3 };

export interface LadderStep {
  /** ASCII key, stable across runs: remind-7, urge-1, supervise-3, notify-7. Part of idempotency keys. */
  key: string;
  step: LadderStepName;
  /** Working days before (reminders) or after (escalations) the due date. */
  workingDays: number;
  /** ISO 8601, +08:00. */
  at: string;
}

const KEY_PREFIX: Record<LadderStepName, string> = { reminder: 'remind', 催办: 'urge', 督办: 'supervise', 通报: 'notify' };

/**
 * Every step of the ladder for a deadline, in time order. Steps at or before `opensAt` are skipped (an
 * obligation opened late gets no stale reminders); reminders that would not fall before the due instant are
 * dropped too.
 */
export function planLadder(due: DateTime, opensAt: DateTime, config: LadderConfig = DEFAULT_LADDER): LadderStep[] {
  // An obligation asks for its ladder at every wake-up, always with the same few deadlines: each is worked out once
  // per configuration object (an obligation's spec holds one for its whole run).
  let known = LADDERS.get(config);
  if (!known) LADDERS.set(config, (known = new Map()));
  const key = `${due.toMillis()}|${opensAt.toMillis()}`;
  let ladder = known.get(key);
  if (!ladder) known.set(key, (ladder = Object.freeze(workOutLadder(due, opensAt, config).map((s) => Object.freeze(s)))));
  return [...ladder];
}

const LADDERS = new WeakMap<LadderConfig, Map<string, readonly LadderStep[]>>();

function workOutLadder(due: DateTime, opensAt: DateTime, config: LadderConfig): LadderStep[] {
  const steps: (LadderStep & { ms: number })[] = [];
  for (const n of config.remindBefore) {
    const at = atOfficeHour(nthWorkingDayBefore(due, n, config.holidays), config.sendAt);
    steps.push({ key: `${KEY_PREFIX.reminder}-${n}`, step: 'reminder', workingDays: n, at: isoAt(at.toMillis()), ms: at.toMillis() });
  }
  for (const e of config.escalateAfter) {
    const at = atOfficeHour(nthWorkingDayAfter(due, e.workingDays, config.holidays), config.sendAt);
    steps.push({
      key: `${KEY_PREFIX[e.step]}-${e.workingDays}`,
      step: e.step,
      workingDays: e.workingDays,
      at: isoAt(at.toMillis()),
      ms: at.toMillis(),
    });
  }
  return steps
    .filter((s) => s.ms > opensAt.toMillis() && (s.step !== 'reminder' || s.ms < due.toMillis()))
    .sort((a, b) => a.ms - b.ms)
    .map(({ ms: _ms, ...s }) => s);
}
