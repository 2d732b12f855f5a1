// Each unit's score (考核得分) from the plan's scoring rules and its ledger rows, as of an instant. Pure and
// computed whenever the ledger is read (board, CLI, ledger XLSX, annual summary): nothing is stored.
import { isOwing, Stage } from '../obligation/state';
import type { ObligationSnapshot } from '../obligation/snapshot';
import { ObligationKind, placeOfRow, receiptSeq } from '../obligation/ids';
import { parseInstant } from '../calendar/time';
import { Arrangements, workingDaysBetween } from '../calendar/working-days';
import { DateTime } from 'luxon';
import type { ScoringRules } from './rules';
import { ESCALATION_STEPS, type EscalationStep } from '../calendar/ladder';
import type { AnnualSummary } from '../obligation/annual';

export type ScoreRule = 'onTime' | 'late' | 'missing' | EscalationStep | 'returned' | 'finding';

export interface ScoreItem {
  rule: ScoreRule;
  points: number;
  /** What happened, in Chinese, e.g. 逾期报送 3 个工作日. */
  note: string;
  /** Working days late (late, missing) or times returned (returned). */
  count?: number;
}

export interface ObligationScore {
  id: string;
  task: number;
  unit: string;
  duty: string;
  due: string;
  stage: Stage;
  kind: ObligationKind;
  items: ScoreItem[];
  points: number;
}

export interface ScoreCounts {
  obligations: number;
  onTime: number;
  late: number;
  missing: number;
  lateDays: number;
  催办: number;
  督办: number;
  通报: number;
  returned: number;
  findings: number;
}

export interface UnitScore {
  /** 1 for the highest score; equal scores share a rank (1, 1, 3). */
  rank: number;
  unit: string;
  score: number;
  counts: ScoreCounts;
  /** Per obligation, earliest deadline first. */
  obligations: ObligationScore[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Working days late: each working day (or part of one) after the deadline, at least 1 once late. */
export function lateWorkingDays(due: string, atMs: number, own: Arrangements = undefined): number {
  const d = parseInstant(due, 'due');
  if (atMs <= d.toMillis()) return 0;
  return Math.max(1, workingDaysBetween(d, DateTime.fromMillis(atMs), own));
}

/** One obligation's points as of `nowMs`; undefined for a cancelled one (not scored). */
export function scoreObligation(row: ObligationSnapshot, rules: ScoringRules, nowMs: number): ObligationScore | undefined {
  if (row.stage === 'cancelled') return undefined;
  const kind = placeOfRow(row).kind;
  const items: ScoreItem[] = [];
  const add = (rule: ScoreRule, points: number, note: string, count?: number) => {
    items.push({ rule, points: round2(points), note, ...(count !== undefined ? { count } : {}) });
  };
  if (kind === 'rectification') add('finding', -rules.finding, '回头看发现问题，责令整改');

  const sub = row.submission;
  const delivered = sub !== undefined && (row.stage === 'submitted' || row.stage === 'accepted');
  if (delivered && sub.onTime) {
    if (kind !== 'rectification') add('onTime', rules.onTime, '按时报送');
  } else if (delivered) {
    const days = lateWorkingDays(row.due, Date.parse(sub.at), rules.holidays);
    add('late', -Math.min(rules.lateCap, days * rules.latePerWorkingDay), `逾期报送 ${days} 个工作日`, days);
  } else if (isOwing(row.stage)) {
    const days = lateWorkingDays(row.due, nowMs, rules.holidays);
    if (days > 0) add('missing', -Math.min(rules.lateCap, days * rules.latePerWorkingDay), `逾期未报送，已逾期 ${days} 个工作日`, days);
  }

  // Each rung reached: 通报 means 催办 and 督办 were sent before it.
  ESCALATION_STEPS.slice(0, Math.max(0, Math.min(ESCALATION_STEPS.length, row.level))).forEach((step) =>
    add(step, -rules.escalation[step], `收到${step}`),
  );

  const returns = sub ? receiptSeq(sub.receipt) - (delivered ? 1 : 0) : 0;
  if (returns > 0) add('returned', -returns * rules.returned, `报告被退回 ${returns} 次`, returns);

  const points = round2(items.reduce((s, i) => s + i.points, 0));
  return { id: row.id, task: row.task, unit: row.unit, duty: row.duty, due: row.due, stage: row.stage, kind, items, points };
}

function countsOf(scores: ObligationScore[]): ScoreCounts {
  const c: ScoreCounts = {
    obligations: scores.length,
    onTime: 0,
    late: 0,
    missing: 0,
    lateDays: 0,
    催办: 0,
    督办: 0,
    通报: 0,
    returned: 0,
    findings: 0,
  };
  for (const s of scores) {
    for (const i of s.items) {
      if (i.rule === 'onTime') c.onTime++;
      else if (i.rule === 'late' || i.rule === 'missing') {
        c[i.rule]++;
        c.lateDays += i.count ?? 0;
      } else if (i.rule === 'returned') c.returned += i.count ?? 0;
      else if (i.rule === 'finding') c.findings++;
      else c[i.rule]++;
    }
  }
  return c;
}

/** Every unit of the ledger with its score, highest first (ties by name); cancelled obligations are left out. */
export function scoreUnits(ledger: ObligationSnapshot[], rules: ScoringRules, nowMs: number): UnitScore[] {
  const byUnit = new Map<string, ObligationScore[]>();
  for (const row of ledger) {
    const s = scoreObligation(row, rules, nowMs);
    if (!byUnit.has(row.unit)) byUnit.set(row.unit, []);
    if (s) byUnit.get(row.unit)!.push(s);
  }
  const units = [...byUnit.entries()].map(([unit, obligations]) => {
    obligations.sort((a, b) => a.due.localeCompare(b.due) || a.task - b.task || a.id.localeCompare(b.id));
    return { rank: 0, unit, score: round2(obligations.reduce((s, o) => s + o.points, 0)), counts: countsOf(obligations), obligations };
  });
  units.sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit, 'zh-CN'));
  units.forEach((u, i) => (u.rank = i > 0 && units[i - 1].score === u.score ? units[i - 1].rank : i + 1));
  return units;
}

/** The ranking as the annual summary carries it: one short row per unit, no breakdown. */
export function annualRanking(units: UnitScore[]): NonNullable<AnnualSummary['ranking']> {
  return units.map((u) => ({
    rank: u.rank,
    unit: u.unit,
    score: u.score,
    onTime: u.counts.onTime,
    late: u.counts.late,
    missing: u.counts.missing,
    escalations: u.counts.催办 + u.counts.督办 + u.counts.通报,
    returned: u.counts.returned,
    findings: u.counts.findings,
  }));
}
