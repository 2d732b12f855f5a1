// A plan's scoring rules (考核计分规则): points a unit earns or loses per obligation. Deductions are written
// as positive numbers. Plans that declare no `scoring:` block, or only part of one, get these defaults.

import type { HolidayArrangement } from '../calendar/holidays';
import type { EscalationStep } from '../calendar/ladder';

export interface ScoringRules {
  /** Points for a report submitted by its (current) deadline. */
  onTime: number;
  /** Deducted per working day (or part of one) a report is late or still missing after its deadline. */
  latePerWorkingDay: number;
  /** The most lateness may cost one obligation. */
  lateCap: number;
  /** Deducted for each escalation notice the obligation reached. */
  escalation: Record<EscalationStep, number>;
  /** Deducted for each report returned (退回). */
  returned: number;
  /** Deducted for each 整改 opened from a finding (a 回头看 finding). */
  finding: number;
  /** The plan's own holiday arrangements (its ladder's): late working days are counted with them. */
  holidays?: HolidayArrangement[];
}

export const DEFAULT_SCORING: ScoringRules = {
  onTime: 2,
  latePerWorkingDay: 1,
  lateCap: 5,
  escalation: { 催办: 1, 督办: 2, 通报: 5 },
  returned: 1,
  finding: 2,
};

/** The rules as a plan writes them: any field may be left out. */
export type ScoringRulesInput = Partial<Omit<ScoringRules, 'escalation'>> & { escalation?: Partial<ScoringRules['escalation']> };

const arrangement = (a: unknown): a is HolidayArrangement =>
  !!a &&
  typeof a === 'object' &&
  Number.isInteger((a as HolidayArrangement).year) &&
  typeof (a as HolidayArrangement).holidays === 'string' &&
  typeof (a as HolidayArrangement).workdays === 'string';

/** The plan's rules with defaults for what it leaves out (also for rules kept by an older run, or none). */
export function scoringRules(input?: ScoringRulesInput | null): ScoringRules {
  const given = input && typeof input === 'object' ? input : {};
  const pick = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const esc = given.escalation && typeof given.escalation === 'object' ? given.escalation : {};
  return {
    onTime: pick(given.onTime, DEFAULT_SCORING.onTime),
    latePerWorkingDay: pick(given.latePerWorkingDay, DEFAULT_SCORING.latePerWorkingDay),
    lateCap: pick(given.lateCap, DEFAULT_SCORING.lateCap),
    escalation: {
      催办: pick(esc.催办, DEFAULT_SCORING.escalation.催办),
      督办: pick(esc.督办, DEFAULT_SCORING.escalation.督办),
      通报: pick(esc.通报, DEFAULT_SCORING.escalation.通报),
    },
    returned: pick(given.returned, DEFAULT_SCORING.returned),
    finding: pick(given.finding, DEFAULT_SCORING.finding),
    ...(Array.isArray(given.holidays) && given.holidays.length > 0 && given.holidays.every(arrangement)
      ? { holidays: given.holidays }
      : {}),
  };
}

/** One line per rule, in Chinese, for the board and the CLI. */
export function describeRules(r: ScoringRules): string[] {
  return [
    `按时报送 +${r.onTime}（整改事项不加分）`,
    `逾期报送或逾期未报送：每个工作日 −${r.latePerWorkingDay}，每项最多 −${r.lateCap}`,
    `催办 −${r.escalation.催办}，督办 −${r.escalation.督办}，通报 −${r.escalation.通报}（逐级累计）`,
    `报告被退回每次 −${r.returned}`,
    `回头看发现问题（整改事项）每项 −${r.finding}`,
    '已撤销的事项不计分',
  ];
}
