import { rebaseDate } from '../../domain/plan/rebase';
import { loadShipped } from '../helpers/plan-files';

describe('moving a date to another year keeps its meaning', () => {
  test('the end of a month stays the end of the month', () => {
    expect(rebaseDate('2024-05-31', 1)).toBe('2025-05-31');
    expect(rebaseDate('2024-11-30', 1)).toBe('2025-11-30');
    expect(rebaseDate('2024-02-29', 1)).toBe('2025-02-28');
    expect(rebaseDate('2023-02-28', 1)).toBe('2024-02-29');
  });
  test('any other day keeps its month and day', () => {
    expect(rebaseDate('2024-10-20', 2)).toBe('2026-10-20');
    expect(rebaseDate('2024-05-15', -1)).toBe('2023-05-15');
  });
});

describe('the Jiangmen plan rebased to 2025', () => {
  const rebased = loadShipped(2025);

  test('gets the new year in its id and title, and says where it came from', () => {
    expect(rebased.plan.id).toBe('jiangmen-2025');
    expect(rebased.plan.title).toBe('江门市2025年度行政执法监督工作方案');
    expect(rebased.rebasedFrom).toBe(2024);
    expect(rebased.plan.issued).toBe('2025-05-15');
  });

  test('keeps every deadline’s meaning and recomputes the ladder on the 2025 calendar', () => {
    const due = (id: string) => rebased.obligations.find((o) => o.id === id)!;
    expect(due('jiangmen-2025.t14.may.gaj').due).toBe('2025-05-31T23:59:59+08:00');
    expect(due('jiangmen-2025.t14.nov.gaj').due).toBe('2025-11-30T23:59:59+08:00');
    expect(due('jiangmen-2025.t5.midterm.gaj').due).toBe('2025-08-31T23:59:59+08:00');
    expect(due('jiangmen-2025.t17.cleanup.gaj').due).toBe('2025-10-15T23:59:59+08:00');
    // 2025: National Day + Mid-Autumn Oct 1–8 off, Sep 28 and Oct 11 (Saturday) make-up working days.
    expect(
      due('jiangmen-2025.t17.cleanup.gaj')
        .ladder.slice(0, 3)
        .map((s) => s.at),
    ).toEqual(['2025-09-29T09:00:00+08:00', '2025-10-11T09:00:00+08:00', '2025-10-14T09:00:00+08:00']);
    expect(rebased.obligations).toHaveLength(439);
  });

  test('a year without a published holiday arrangement still loads, with a warning', () => {
    const far = loadShipped(2030);
    expect(far.warnings.map((w) => w.zh)).toContain('2030 年的节假日安排尚未收录，按周一至周五为工作日计算');
  });
});
