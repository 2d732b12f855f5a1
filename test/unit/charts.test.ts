// The board's charts from a ledger built by hand (the shipped plan's task 15 on 2024-10-22, see
// test/helpers/sample-ledger.ts): each chart's numbers, and the SVG the board shows them in.
import { ledger, NOW, round, roundRows } from '../helpers/sample-ledger';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { findRound, roundGroups } from '../../domain/charts/rounds';
import { roundProgress } from '../../domain/charts/round-progress';
import { punctuality } from '../../domain/charts/punctuality';
import { escalationFunnel, rungOf } from '../../domain/charts/escalation-funnel';
import { yearTimeline } from '../../domain/charts/year-timeline';
import { scoreUnits } from '../../domain/scoring/score';
import { scoringRules } from '../../domain/scoring/rules';
import { ChartCache, pageSafeSvg, renderChart } from '../../web/charts/svg';
import { funnelChart, punctualityChart, roundProgressChart, yearTimelineChart } from '../../web/charts/options';

const units = scoreUnits(ledger, scoringRules(), NOW);

describe('rounds of the ledger', () => {
  test('a round, its 整改 and its 回头看 are three rounds, earliest deadline first', () => {
    const groups = roundGroups(ledger);
    expect(groups.map((g) => [g.round, g.dutyId, g.due.slice(0, 10), g.rows.length, g.followUp])).toEqual([
      ['jiangmen-2024.t15.rectify', 'rectify', '2024-10-20', 5, false],
      ['jiangmen-2024.t15.rectify', 'rectify-zg', '2024-12-01', 1, true],
      ['jiangmen-2024.t15.rectify.lb1', 'rectify-lb1', '2024-12-20', 1, true],
    ]);
    // The round's deadline is the earliest of its rows: 鹤山市's return moved only its own.
    expect(findRound(groups, { round: round.round, dutyId: 'rectify' })?.due).toBe(round.due);
  });
});

describe('a round’s daily progress', () => {
  const progress = roundProgress(roundRows, '2024-10-15T00:00:00+08:00', round.due, NOW);

  test('one day per day from its opening to today, counted from the rows', () => {
    expect(progress.total).toBe(4); // 恩平市's cancelled obligation is left out
    expect(progress.dueDay).toBe('2024-10-20');
    expect(progress.days.map((d) => [d.day, d.submitted, d.accepted, d.overdue])).toEqual([
      ['2024-10-15', 0, 0, 0],
      ['2024-10-16', 0, 0, 0],
      ['2024-10-17', 0, 0, 0],
      // 开平市 reports on the 18th and is accepted (its row's last change is before its report: the report counts)
      ['2024-10-18', 1, 1, 0],
      ['2024-10-19', 1, 1, 0],
      // the deadline is the end of the 20th: nobody is overdue on the day itself
      ['2024-10-20', 1, 1, 0],
      // 台山市 reports late on the 21st (not overdue at the day's end); 新会区 never does; 鹤山市's report was
      // returned (no longer counted) with a deadline in November
      ['2024-10-21', 2, 1, 1],
      ['2024-10-22', 2, 1, 1],
    ]);
  });

  test('a finished round ends on the day of its last event', () => {
    const done = roundRows
      .filter((r) => r.stage === 'accepted' || r.stage === 'cancelled')
      .concat({ ...roundRows[1], stage: 'accepted', at: '2024-10-25T10:00:00+08:00' });
    const p = roundProgress(done, '2024-10-15T00:00:00+08:00', round.due, Date.parse('2024-12-31T12:00:00+08:00'));
    expect(p.days.at(-1)).toEqual({ day: '2024-10-25', submitted: 2, accepted: 2, overdue: 0 });
    expect(p.days.find((d) => d.day === '2024-10-21')).toEqual({ day: '2024-10-21', submitted: 2, accepted: 1, overdue: 0 });
  });
});

describe('each unit’s punctuality and score', () => {
  test('the scoring’s own counts, highest score first by default', () => {
    expect(punctuality(units).map((u) => [u.unit, u.onTime, u.late, u.missing, u.pending, u.score])).toEqual([
      ['恩平市', 0, 0, 0, 0, 0],
      ['开平市', 1, 0, 0, 1, units.find((u) => u.unit === '开平市')!.score],
      ['鹤山市', 0, 0, 0, 1, -1],
      ['台山市', 0, 1, 0, 1, -1],
      ['新会区', 0, 0, 1, 0, -3],
    ]);
    for (const u of punctuality(units)) expect(u.score).toBe(units.find((x) => x.unit === u.unit)!.score);
  });

  test('sorted by the column asked for, ties by score', () => {
    expect(punctuality(units, 'missing')[0].unit).toBe('新会区');
    expect(punctuality(units, 'late')[0].unit).toBe('台山市');
    expect(punctuality(units, 'onTime')[0].unit).toBe('开平市');
    expect(punctuality(units, 'scoreAsc').map((u) => u.unit)).toEqual(['新会区', '鹤山市', '台山市', '恩平市', '开平市']);
    expect(punctuality(units, 'unit').map((u) => u.unit)).toEqual(['恩平市', '鹤山市', '开平市', '台山市', '新会区']);
  });
});

describe('the escalation funnel', () => {
  test('提醒 → 催办 → 督办 → 通报, with the units that reached each', () => {
    expect(escalationFunnel(ledger, NOW)).toEqual([
      // 开平市 and 台山市 reported after the first reminder (11 Oct), 新会区 not at all; 鹤山市's new deadline
      // (8 Nov) and the follow-ups are not yet reminded; 恩平市's is cancelled
      {
        rung: '提醒',
        obligations: 3,
        units: [
          { unit: '开平市', obligations: 1 },
          { unit: '台山市', obligations: 1 },
          { unit: '新会区', obligations: 1 },
        ],
      },
      { rung: '催办', obligations: 1, units: [{ unit: '新会区', obligations: 1 }] },
      { rung: '督办', obligations: 0, units: [] },
      { rung: '通报', obligations: 0, units: [] },
    ]);
  });

  test('a report before the first reminder reaches no rung; a 通报 has passed every rung', () => {
    const early: ObligationSnapshot = { ...roundRows[0], submission: { ...roundRows[0].submission!, at: '2024-10-08T10:00:00+08:00' } };
    expect(rungOf(early, NOW)).toBe(0);
    expect(rungOf({ ...roundRows[4], level: 3 }, NOW)).toBe(4);
    expect(rungOf(roundRows[3], NOW)).toBe(0); // cancelled
    const funnel = escalationFunnel([{ ...roundRows[4], level: 3 }], NOW);
    expect(funnel.map((r) => r.obligations)).toEqual([1, 1, 1, 1]);
  });

  test('a plan’s own ladder: no reminders, no 提醒 rung', () => {
    const ladder = { remindBefore: [], escalateAfter: [], sendAt: '09:00' };
    expect(escalationFunnel(ledger, NOW, ladder).map((r) => r.obligations)).toEqual([1, 1, 0, 0]); // 新会区's 催办 still counts
  });
});

describe('the year at a glance', () => {
  test('each round’s deadline with its worst light', () => {
    expect(
      yearTimeline(ledger, NOW).map((r) => [r.task, r.duty, r.due.slice(0, 10), r.light, r.total, r.red, r.yellow, r.accepted]),
    ).toEqual([
      [15, '涉企乱罚款专项整治完成情况', '2024-10-20', 'red', 4, 1, 0, 1],
      [15, '整改：台账不全', '2024-12-01', 'green', 1, 0, 0, 0],
      [15, '涉企乱罚款专项整治完成情况（回头看）', '2024-12-20', 'green', 1, 0, 0, 0],
    ]);
    // A month later 鹤山市's new deadline (8 Nov) has passed too, and the 整改 (1 Dec) is near: yellow.
    const later = yearTimeline(ledger, Date.parse('2024-11-27T10:00:00+08:00'));
    expect(later.map((r) => [r.light, r.red, r.yellow])).toEqual([
      ['red', 2, 0],
      ['yellow', 0, 1],
      ['green', 0, 0],
    ]);
  });
});

describe('the SVG', () => {
  const specs = [
    roundProgressChart(roundProgress(roundRows, '2024-10-15T00:00:00+08:00', round.due, NOW), '任务15 · 整治'),
    punctualityChart(punctuality(units)),
    funnelChart(escalationFunnel(ledger, NOW)),
    yearTimelineChart(yearTimeline(ledger, NOW), '2024-10-22', 2024),
  ];

  test('each chart is an SVG with its numbers written on it and no inline style (the pages’ policy refuses them)', () => {
    const [progress, punctual, funnel, year] = specs.map(renderChart);
    for (const svg of [progress, punctual, funnel, year]) {
      expect(svg.startsWith('<svg role="img" aria-label="')).toBe(true);
      expect(svg).not.toMatch(/ style="|<style/);
      expect(svg).toContain('font-family=');
    }
    expect(progress).toContain('>已报送 2<');
    expect(progress).toContain('>已办结 1<');
    expect(progress).toContain('>逾期未报 1<');
    expect(punctual).toContain('>新会区<');
    expect(punctual).toContain('>-3<');
    expect(funnel).toContain('>提醒：3 项<');
    expect(funnel).toContain('>催办：1 项<');
    expect(year).toContain('>今天 10月22日<');
    expect(year).toContain('>10月20日 红灯1<'); // the round's point says how many of its obligations are red
  });

  test('a province’s units: the chart draws the first 40 in the order asked for and says so; the table keeps all', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({
      unit: `单位${i + 1}`,
      rank: i + 1,
      score: 45 - i,
      onTime: 1,
      late: 0,
      missing: 0,
      pending: 0,
    }));
    const svg = renderChart(punctualityChart(many, '按得分（高到低）'));
    expect(svg).toContain('>单位40<');
    expect(svg).not.toContain('>单位41<');
    expect(svg).toContain('>按得分（高到低）的前 40 个单位（共 45 个，全部见下表）<');
  });

  test('names are written as text, never as markup', () => {
    const svg = renderChart(punctualityChart([{ unit: '<b>甲</b>&局', rank: 1, score: 1, onTime: 1, late: 0, missing: 0, pending: 0 }]));
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;甲&lt;/b&gt;&amp;局');
  });

  test('style attributes become presentation attributes; the hover stylesheet goes', () => {
    const svg = pageSafeSvg(
      '<svg width="1"><text style="font-size:12px;font-family:sans-serif;cursor:pointer;">x</text><style ><![CDATA[.a:hover{}]]></style></svg>',
      '图',
    );
    expect(svg).toBe(
      '<svg role="img" aria-label="图" class="chart" width="1"><text font-size="12px" font-family="sans-serif">x</text></svg>',
    );
  });

  test('a chart is drawn again only when its data changed', () => {
    const cache = new ChartCache(2);
    const first = cache.svg('p|funnel', specs[2]);
    expect(cache.svg('p|funnel', funnelChart(escalationFunnel(ledger, NOW)))).toBe(first);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    const changed = cache.svg('p|funnel', funnelChart(escalationFunnel([{ ...roundRows[4], level: 3 }], NOW)));
    expect(changed).not.toBe(first);
    expect(changed).toContain('>通报：1 项<');
    expect([cache.hits, cache.misses]).toEqual([1, 2]);
  });
});
