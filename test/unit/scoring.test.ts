// The annual assessment's score (考核得分): each rule of the plan on one obligation, then the ranking of units.
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { DEFAULT_SCORING, scoringRules } from '../../domain/scoring/rules';
import { scoreObligation, scoreUnits } from '../../domain/scoring/score';
import { ledger as sampleLedger, NOW } from '../helpers/sample-ledger';

const DUE = '2024-09-30T23:59:59+08:00'; // the Monday before the National Day holiday (10-01 … 10-07)
const rules = DEFAULT_SCORING;

function row(patch: Partial<ObligationSnapshot> & { unit?: string } = {}): ObligationSnapshot {
  const unit = patch.unit ?? '台山市';
  const code = patch.unitCode ?? 'taishan';
  return {
    id: `p.t15.rectify.${code}`,
    task: 15,
    unit,
    dutyId: 'rectify',
    duty: '涉企乱罚款专项整治完成情况',
    stage: 'open',
    light: 'green',
    level: 0,
    due: DUE,
    at: DUE,
    round: 'p.t15.rectify',
    unitCode: code,
    kind: 'duty',
    ...patch,
  };
}
const submitted = (at: string, onTime: boolean, n = 1, id = 'p.t15.rectify.taishan') => ({
  receipt: `HZ-${id}-${n}`,
  at,
  by: '台山市 王某',
  figures: {},
  onTime,
});
const at = (iso: string) => Date.parse(iso);

describe('one obligation', () => {
  test('a report on time earns the on-time points, whether accepted or awaiting review', () => {
    const accepted = scoreObligation(
      row({ stage: 'accepted', submission: submitted('2024-09-29T10:00:00+08:00', true) }),
      rules,
      at('2024-12-31T12:00:00+08:00'),
    )!;
    expect(accepted.points).toBe(2);
    expect(accepted.items).toEqual([{ rule: 'onTime', points: 2, note: '按时报送' }]);
    expect(
      scoreObligation(
        row({ stage: 'submitted', submission: submitted('2024-09-29T10:00:00+08:00', true) }),
        rules,
        at('2024-10-01T00:00:00+08:00'),
      )!.points,
    ).toBe(2);
  });

  test('an open obligation before its deadline scores nothing yet', () => {
    expect(scoreObligation(row(), rules, at('2024-09-30T12:00:00+08:00'))).toMatchObject({ points: 0, items: [] });
  });

  test('late by working days: the National Day holiday does not count', () => {
    // Due Monday 09-30; submitted Wednesday 10-09: 10-01 … 10-07 are holidays, so 2 working days (10-08, 10-09).
    const s = scoreObligation(
      row({ stage: 'submitted', submission: submitted('2024-10-09T10:00:00+08:00', false) }),
      rules,
      at('2024-10-10T00:00:00+08:00'),
    )!;
    expect(s.items).toEqual([{ rule: 'late', points: -2, note: '逾期报送 2 个工作日', count: 2 }]);
  });

  test('late on a holiday only: still one working day late', () => {
    const s = scoreObligation(
      row({ stage: 'submitted', submission: submitted('2024-10-03T10:00:00+08:00', false) }),
      rules,
      at('2024-10-10T00:00:00+08:00'),
    )!;
    expect(s.points).toBe(-1);
  });

  test('lateness is capped, and the make-up Saturday 10-12 counts as a working day', () => {
    // 10-08 … 10-11, 10-12 (调休), 10-14 … 10-18: 10 working days, capped at 5.
    const s = scoreObligation(
      row({ stage: 'accepted', submission: submitted('2024-10-18T10:00:00+08:00', false) }),
      rules,
      at('2024-10-20T00:00:00+08:00'),
    )!;
    expect(s.items[0]).toMatchObject({ rule: 'late', points: -5, count: 10 });
    const tighter = scoringRules({ lateCap: 3 });
    expect(scoreObligation(row({ stage: 'accepted', submission: submitted('2024-10-18T10:00:00+08:00', false) }), tighter, 0)!.points).toBe(
      -3,
    );
  });

  test('a report still missing after its deadline loses points as the working days pass', () => {
    const missing = row({ stage: 'overdue', light: 'red' });
    expect(scoreObligation(missing, rules, at('2024-10-08T10:00:00+08:00'))!.items).toEqual([
      { rule: 'missing', points: -1, note: '逾期未报送，已逾期 1 个工作日', count: 1 },
    ]);
    expect(scoreObligation(missing, rules, at('2024-10-10T10:00:00+08:00'))!.points).toBe(-3);
    expect(scoreObligation(missing, rules, at('2024-12-31T10:00:00+08:00'))!.points).toBe(-5);
  });

  test.each([
    [1, ['催办'], -1],
    [2, ['催办', '督办'], -3],
    [3, ['催办', '督办', '通报'], -8],
  ])('escalation level %i costs each rung reached', (level, steps, points) => {
    // Submitted late after the ladder reached `level`, within one working day of the deadline otherwise.
    const s = scoreObligation(row({ stage: 'accepted', level, submission: submitted('2024-10-08T10:00:00+08:00', false) }), rules, 0)!;
    expect(s.items.filter((i) => i.rule !== 'late').map((i) => i.rule)).toEqual(steps);
    expect(s.points).toBe(points - 1);
  });

  test('each returned report costs a point; the resubmission on time still earns the on-time points', () => {
    // Returned once, resubmitted by its new deadline: receipt -2.
    const again = scoreObligation(
      row({ stage: 'accepted', due: '2024-10-20T23:59:59+08:00', submission: submitted('2024-10-18T10:00:00+08:00', true, 2) }),
      rules,
      0,
    )!;
    expect(again.items).toEqual([
      { rule: 'onTime', points: 2, note: '按时报送' },
      { rule: 'returned', points: -1, note: '报告被退回 1 次', count: 1 },
    ]);
    // Returned twice and not yet sent again.
    const waiting = scoreObligation(
      row({ stage: 'returned', due: '2024-10-20T23:59:59+08:00', submission: submitted('2024-10-18T10:00:00+08:00', true, 2) }),
      rules,
      at('2024-10-19T10:00:00+08:00'),
    )!;
    expect(waiting.items).toEqual([{ rule: 'returned', points: -2, note: '报告被退回 2 次', count: 2 }]);
  });

  test('a 回头看 finding (a 整改 opened for the unit) costs its points; the 整改 done on time earns none', () => {
    const zg = row({
      id: 'p.t15.rectify-zg.taishan',
      dutyId: 'rectify-zg',
      duty: '整改：台账不全',
      kind: 'rectification',
      followUpOf: 'p.t15.rectify.taishan',
    });
    expect(scoreObligation(zg, rules, at('2024-09-01T00:00:00+08:00'))!.items).toEqual([
      { rule: 'finding', points: -2, note: '回头看发现问题，责令整改' },
    ]);
    const done = scoreObligation(
      { ...zg, stage: 'accepted', submission: submitted('2024-09-20T10:00:00+08:00', true, 1, zg.id) },
      rules,
      0,
    )!;
    expect(done.points).toBe(-2);
  });

  test('a 回头看 report is scored like any report', () => {
    const lb = row({
      id: 'p.t15.rectify-lb1.taishan',
      dutyId: 'rectify-lb1',
      kind: 'lookback',
      followUpOf: 'p.t15.rectify.taishan',
      stage: 'accepted',
      submission: submitted('2024-09-20T10:00:00+08:00', true),
    });
    expect(scoreObligation(lb, rules, 0)!.points).toBe(2);
  });

  test('a cancelled obligation is not scored', () => {
    expect(scoreObligation(row({ stage: 'cancelled', level: 3 }), rules, at('2024-12-31T00:00:00+08:00'))).toBeUndefined();
  });
});

describe('the plan’s rules', () => {
  test('the defaults apply when the plan has no scoring block, and fill what a partial block leaves out', () => {
    expect(scoringRules(undefined)).toEqual({
      onTime: 2,
      latePerWorkingDay: 1,
      lateCap: 5,
      escalation: { 催办: 1, 督办: 2, 通报: 5 },
      returned: 1,
      finding: 2,
    });
    expect(scoringRules({ onTime: 3, escalation: { 通报: 10 } })).toEqual({
      ...DEFAULT_SCORING,
      onTime: 3,
      escalation: { 催办: 1, 督办: 2, 通报: 10 },
    });
  });

  test('a plan’s own rules change the score', () => {
    const r = row({ stage: 'accepted', level: 3, submission: submitted('2024-10-09T10:00:00+08:00', false) });
    expect(scoreObligation(r, rules, 0)!.points).toBe(-2 - 8);
    const strict = scoringRules({ latePerWorkingDay: 2, lateCap: 10, escalation: { 催办: 0.5, 督办: 1, 通报: 3 } });
    expect(scoreObligation(r, strict, 0)!.points).toBe(-4 - 4.5);
  });
});

describe('the ranking', () => {
  test('the sample ledger ranks its units, cancelled obligations left out and ties sharing a rank', () => {
    const ranking = scoreUnits(sampleLedger, rules, NOW);
    const byUnit = Object.fromEntries(ranking.map((u) => [u.unit, u]));
    // 开平市: on time and accepted (+2), then a 整改 opened from a finding (−2).
    expect(byUnit['开平市']).toMatchObject({ score: 0, counts: { obligations: 2, onTime: 1, findings: 1 } });
    // 台山市: late by one working day (due Sunday 10-20, submitted Monday 10-21); its 回头看 is not due yet.
    expect(byUnit['台山市']).toMatchObject({ score: -1, counts: { obligations: 2, late: 1, lateDays: 1 } });
    // 鹤山市: returned once, its new deadline still ahead.
    expect(byUnit['鹤山市']).toMatchObject({ score: -1, counts: { returned: 1 } });
    // 恩平市: its only obligation cancelled: listed with nothing scored.
    expect(byUnit['恩平市']).toMatchObject({ score: 0, counts: { obligations: 0 } });
    // 新会区: nothing by Sunday 10-20, 催办 sent; on 10-22 10:00 two working days late (10-21 and the 22nd begun).
    expect(byUnit['新会区'].obligations[0].items.map((i) => [i.rule, i.points])).toEqual([
      ['missing', -2],
      ['催办', -1],
    ]);
    expect(byUnit['新会区'].score).toBe(-3);
    expect(ranking.map((u) => [u.rank, u.unit])).toEqual([
      [1, '恩平市'],
      [1, '开平市'],
      [3, '鹤山市'],
      [3, '台山市'],
      [5, '新会区'],
    ]);
  });
});
