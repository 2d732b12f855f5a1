// The four charts of the board as ECharts options, from the pure chart data of domain/charts. Chinese labels;
// every number the chart stands for is written on it, so a printout needs no hovering.
import type { RoundProgress } from '../../domain/charts/round-progress';
import type { PunctualityRow } from '../../domain/charts/punctuality';
import type { FunnelRung } from '../../domain/charts/escalation-funnel';
import type { TimelineRound } from '../../domain/charts/year-timeline';
import type { ChartSpec } from './svg';

export const COLORS = { red: '#c62828', yellow: '#f9a825', green: '#2e7d32', blue: '#1f5fa8', ink: '#1f2933', grey: '#9aa5b1' };
const WIDTH = 1000;
const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

export function roundProgressChart(p: RoundProgress, name: string): ChartSpec {
  const days = p.days.map((d) => d.day);
  const end = p.days.at(-1);
  const latest = { 已报送: end?.submitted ?? 0, 已办结: end?.accepted ?? 0, 逾期未报: end?.overdue ?? 0 };
  const line = (seriesName: string, color: string, values: number[]) => ({
    name: seriesName,
    type: 'line' as const,
    data: values,
    color,
    symbol: 'none',
    step: 'end' as const,
    lineStyle: { width: 2.5 },
  });
  return {
    title: `${name}进度`,
    width: WIDTH,
    height: 380,
    option: {
      title: { text: `${name}：每日进度`, subtext: `共 ${p.total} 项（已撤销的不计），截止 ${md(p.dueDay)}`, left: 'center' },
      // The legend names each line with its latest value: the numbers of today, or of the round's last day.
      legend: { bottom: 0, formatter: (series: string) => `${series} ${latest[series as keyof typeof latest] ?? ''}` },
      grid: { left: 50, right: 40, top: 70, bottom: 60 },
      xAxis: { type: 'category', data: days, axisLabel: { formatter: (v: string) => md(v) } },
      yAxis: { type: 'value', name: '项', minInterval: 1, max: Math.max(1, p.total) },
      series: [
        {
          ...line(
            '已报送',
            COLORS.blue,
            p.days.map((d) => d.submitted),
          ),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: COLORS.ink, type: 'dashed' },
            label: { formatter: '截止', position: 'insideEndTop' },
            data: days.includes(p.dueDay) ? [{ xAxis: p.dueDay }] : [],
          },
        },
        line(
          '已办结',
          COLORS.green,
          p.days.map((d) => d.accepted),
        ),
        line(
          '逾期未报',
          COLORS.red,
          p.days.map((d) => d.overdue),
        ),
      ],
    },
  };
}

/** Units drawn at most: beyond that a chart is unreadable (and slow to draw); the table under it has them all. */
export const MAX_CHART_UNITS = 40;

/** The first MAX_CHART_UNITS units in the order asked for (the subtitle says so when some are left out). */
export function punctualityChart(all: PunctualityRow[], order = '按得分（高到低）'): ChartSpec {
  const rows = all.slice(0, MAX_CHART_UNITS);
  const units = rows.map((r) => r.unit);
  const height = 140 + Math.max(1, rows.length) * 26;
  const label = { show: true, formatter: (p: { value: unknown }) => (Number(p.value) > 0 ? String(p.value) : ''), fontSize: 11 };
  const stacked = (name: string, color: string, values: number[]) => ({
    name,
    type: 'bar' as const,
    stack: 'count',
    xAxisIndex: 0,
    yAxisIndex: 0,
    color,
    barMaxWidth: 18,
    label: { ...label, color: '#fff' },
    data: values,
  });
  return {
    title: '各单位按时报送情况与考核得分',
    width: WIDTH,
    height,
    option: {
      title: {
        text: '各单位按时报送情况与考核得分',
        subtext: all.length > rows.length ? `${order}的前 ${rows.length} 个单位（共 ${all.length} 个，全部见下表）` : '',
        left: 'center',
      },
      legend: { top: all.length > rows.length ? 50 : 40, data: ['按时报送', '逾期报送', '逾期未报送', '考核得分'] },
      grid: [
        { left: 150, width: 520, top: 110, bottom: 20 },
        { left: 730, right: 50, top: 110, bottom: 20 },
      ],
      xAxis: [
        { type: 'value', gridIndex: 0, name: '项', minInterval: 1, position: 'top' },
        { type: 'value', gridIndex: 1, name: '分', position: 'top' },
      ],
      yAxis: [
        { type: 'category', gridIndex: 0, data: units, inverse: true, axisLabel: { interval: 0 } },
        { type: 'category', gridIndex: 1, data: units, inverse: true, axisLabel: { show: false } },
      ],
      series: [
        stacked(
          '按时报送',
          COLORS.green,
          rows.map((r) => r.onTime),
        ),
        stacked(
          '逾期报送',
          COLORS.yellow,
          rows.map((r) => r.late),
        ),
        stacked(
          '逾期未报送',
          COLORS.red,
          rows.map((r) => r.missing),
        ),
        {
          name: '考核得分',
          type: 'bar',
          xAxisIndex: 1,
          yAxisIndex: 1,
          color: COLORS.blue,
          barMaxWidth: 18,
          label: { show: true, position: 'right', fontSize: 11, color: COLORS.ink },
          data: rows.map((r) => r.score),
        },
      ],
    },
  };
}

export function funnelChart(rungs: FunnelRung[]): ChartSpec {
  const colors = [COLORS.blue, COLORS.yellow, '#e65100', COLORS.red];
  const most = Math.max(1, ...rungs.map((r) => r.obligations));
  return {
    title: '全年督办层级漏斗',
    width: WIDTH,
    height: 360,
    option: {
      title: { text: '全年督办层级：提醒 → 催办 → 督办 → 通报', subtext: '各层级的报送事项数（含升至更高层级的）', left: 'center' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          top: 70,
          bottom: 20,
          left: 150,
          width: 700,
          min: 0,
          max: most,
          minSize: '0%',
          gap: 4,
          label: { show: true, position: 'inside', formatter: '{b}：{c} 项', color: '#fff', fontSize: 14 },
          data: rungs.map((r, i) => ({
            name: r.rung,
            value: r.obligations,
            itemStyle: { color: colors[i] },
            // A narrow rung's label goes beside it, where it has room.
            ...(r.obligations < most / 3 ? { label: { position: 'right', color: COLORS.ink } } : {}),
          })),
        },
      ],
    },
  };
}

export function yearTimelineChart(rounds: TimelineRound[], nowDay: string, year: number): ChartSpec {
  const tasks = [...new Set(rounds.map((r) => r.task))].sort((a, b) => a - b).map((t) => `任务${t}`);
  const lights = { red: '红灯', yellow: '黄灯', green: '绿灯' } as const;
  const dues = rounds.map((r) => r.due.slice(0, 10));
  const first = [`${year}-01-01`, ...dues].sort()[0];
  const last = [`${year}-12-31`, ...dues].sort().at(-1)!;
  // Rounds of one task due the same day in the same light are one point (a province's cities share deadlines); its
  // label says how many of their obligations are red.
  const points = (light: keyof typeof lights) => {
    const merged = new Map<string, { value: [string, string]; red: number }>();
    for (const r of rounds.filter((x) => x.light === light)) {
      const value: [string, string] = [r.due.slice(0, 10), `任务${r.task}`];
      const key = value.join(' ');
      const point = merged.get(key) ?? { value, red: 0 };
      point.red += r.red;
      merged.set(key, point);
    }
    return [...merged.values()];
  };
  const series = (['red', 'yellow', 'green'] as const).map((light) => ({
    name: lights[light],
    type: 'scatter' as const,
    color: COLORS[light],
    symbolSize: 14,
    label: {
      show: true,
      position: 'right' as const,
      fontSize: 10,
      color: COLORS.ink,
      formatter: (p: { data: unknown }) => {
        const d = p.data as { value: [string, string]; red: number };
        return `${md(d.value[0])}${d.red ? ` 红灯${d.red}` : ''}`;
      },
    },
    data: points(light),
    labelLayout: { hideOverlap: true },
  }));
  const inYear = nowDay >= first && nowDay <= last;
  return {
    title: '全年轮次截止时间与红黄绿灯',
    width: WIDTH,
    height: 140 + Math.max(3, tasks.length) * 30,
    option: {
      title: { text: `${year}年全年一览：各轮次截止时间与当前灯色`, left: 'center' },
      legend: { top: 40, data: Object.values(lights) },
      grid: { left: 70, right: 120, top: 100, bottom: 40 },
      xAxis: {
        type: 'time',
        min: first,
        max: last,
        axisLabel: { formatter: '{M}月' },
        splitLine: { show: true, lineStyle: { color: '#eef0f3' } },
      },
      yAxis: { type: 'category', data: tasks, inverse: true, axisLabel: { interval: 0 } },
      series: [
        {
          ...series[0],
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: COLORS.ink, type: 'dashed' },
            label: { formatter: `今天 ${md(nowDay)}`, position: 'start', color: COLORS.ink },
            data: inYear ? [{ xAxis: nowDay }] : [],
          },
        },
        series[1],
        series[2],
      ],
    },
  };
}
