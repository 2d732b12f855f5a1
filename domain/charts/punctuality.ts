// Chart 2: each unit's punctuality over the year (on time, late, missing) beside its 考核 score. The counts are
// the scoring's own (domain/scoring/score.ts), so the chart and the 考核排名 page always agree. Pure.
import type { UnitScore } from '../scoring/score';

export const PUNCTUALITY_SORTS = ['score', 'scoreAsc', 'onTime', 'late', 'missing', 'unit'] as const;
export type PunctualitySort = (typeof PUNCTUALITY_SORTS)[number];

export const PUNCTUALITY_SORT_ZH: Record<PunctualitySort, string> = {
  score: '按得分（高到低）',
  scoreAsc: '按得分（低到高）',
  onTime: '按按时报送',
  late: '按逾期报送',
  missing: '按逾期未报送',
  unit: '按单位名称',
};

export interface PunctualityRow {
  unit: string;
  rank: number;
  score: number;
  onTime: number;
  late: number;
  missing: number;
  /** Scored obligations not yet due or awaiting a report that is not late (neither on time nor late yet). */
  pending: number;
}

/** One row per unit, sorted by `sort` (counts highest first, ties by score; score either way; ties by name). */
export function punctuality(units: UnitScore[], sort: PunctualitySort = 'score'): PunctualityRow[] {
  const rows = units.map((u) => ({
    unit: u.unit,
    rank: u.rank,
    score: u.score,
    onTime: u.counts.onTime,
    late: u.counts.late,
    missing: u.counts.missing,
    pending: Math.max(0, u.counts.obligations - u.counts.onTime - u.counts.late - u.counts.missing),
  }));
  const byName = (a: PunctualityRow, b: PunctualityRow) => a.unit.localeCompare(b.unit, 'zh-CN');
  const byScore = (a: PunctualityRow, b: PunctualityRow) => b.score - a.score || byName(a, b);
  const order =
    sort === 'unit'
      ? byName
      : sort === 'score'
        ? byScore
        : sort === 'scoreAsc'
          ? (a: PunctualityRow, b: PunctualityRow) => a.score - b.score || byName(a, b)
          : (a: PunctualityRow, b: PunctualityRow) => b[sort] - a[sort] || byScore(a, b);
  return rows.sort(order);
}
