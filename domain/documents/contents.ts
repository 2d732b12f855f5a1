// What each 公文 says, from the ledger and the plan: pure, so each document's rows, texts and numbers are tested
// without I/O. The activities and the application layer gather the data (an obligation's spec and state, a
// round's rows, the annual summary, the scores) and pass it here.
import { DateTime } from 'luxon';
import { ZONE, parseInstant } from '../calendar/time';
import { Arrangements, nthWorkingDayAfter } from '../calendar/working-days';
import { LADDER_STEPS } from '../calendar/ladder';
import { STEP_ZH } from '../notices/step-labels';
import type { ObligationSpec, RoundSpec } from '../obligation/spec';
import type { ObligationState, TimelineEntry } from '../obligation/state';
import { LEVEL_ZH, STAGE_ZH, isOwing } from '../obligation/state';
import type { Compilation } from '../obligation/compilation';
import type { ObligationSnapshot } from '../obligation/snapshot';
import type { AnnualSummary } from '../obligation/annual';
import type { UnitScore } from '../scoring/score';
import { annualRanking, lateWorkingDays } from '../scoring/score';
import type { ObligationTarget } from '../plan/obligations';
import type { DocumentSettings } from '../plan/issuer-schema';
import { Attachment, Block, documentDate, documentYear, fileSafe, OfficialDocument } from './model';

/** Where a document is issued from: the settings, the instant it is dated, and the plan's title when known. */
export interface IssueContext {
  settings: DocumentSettings;
  /** ISO instant: the 成文日期 and the instant the figures are taken at. */
  at: string;
  planTitle?: string;
  /** The bureau's contact line, e.g. 市司法局行政执法协调监督科 0750-0000000. */
  contact?: string;
  /**
   * The holiday arrangements the obligations concerned follow (their spec's ladderConfig.holidays, or the plan's): the
   * working days a document counts (逾期 n 个工作日, the day a 督办 is to be answered by) are theirs.
   */
  holidays?: Arrangements;
}

/** Working days a 督办 gives to answer. */
export const SUPERVISION_ANSWER_WORKING_DAYS = 3;

const day = (iso: string) => documentDate(iso);
const planName = (c: IssueContext) => (c.planTitle ? `《${c.planTitle}》` : '工作方案');
const ms = (iso: string) => parseInstant(iso, 'at').toMillis();

/** The rungs already taken, as a line: 提醒（5月13日）、催办（5月20日）. */
export function escalationHistory(timeline: TimelineEntry[]): string {
  const words: Record<string, string> = Object.fromEntries(LADDER_STEPS.map((s) => [s, STEP_ZH[s]]));
  const seen = timeline.filter((e) => words[e.kind]);
  if (seen.length === 0) return '无';
  const md = (iso: string) => {
    const d = DateTime.fromISO(iso, { zone: ZONE });
    return `${d.month}月${d.day}日`;
  };
  return seen.map((e) => `${words[e.kind]}（${md(e.at)}）`).join('、');
}

/** The rungs a row reached, by its level: 催办、督办. */
const rungsOf = (level: number) => (level <= 0 ? STEP_ZH.reminder : LEVEL_ZH.slice(1, level + 1).join('、'));

const overdueDays = (due: string, at: string, own: Arrangements) => lateWorkingDays(due, ms(at), own);

/**
 * A document issued in context `c`: dated and numbered when it is issued, under the plan's document settings (the
 * fields every document sets alike, in the order the documents have always listed them).
 */
function issued(c: IssueContext, doc: Omit<OfficialDocument, 'year' | 'settings' | 'date'>): OfficialDocument {
  const { kind, key, fileName, recordIn, ...text } = doc;
  return { kind, key, year: documentYear(c.at), settings: c.settings, ...text, date: c.at, fileName, ...(recordIn ? { recordIn } : {}) };
}

/** 督办通知书: to one unit, for one obligation overdue at its 督办 step. */
export function supervisionNotice(
  spec: Pick<ObligationSpec, 'id' | 'unit' | 'task' | 'taskTitle' | 'duty' | 'dutyId'>,
  state: Pick<ObligationState, 'due' | 'timeline'>,
  c: IssueContext,
): OfficialDocument {
  const late = overdueDays(state.due, c.at, c.holidays);
  const answerBy = nthWorkingDayAfter(parseInstant(c.at, 'at'), SUPERVISION_ANSWER_WORKING_DAYS, c.holidays).toISO()!;
  const history = escalationHistory(state.timeline);
  const body: Block[] = [
    {
      kind: 'paragraph',
      text:
        `根据${planName(c)}要求，你单位应于${day(state.due)}前报送“${spec.duty}”。` +
        (late > 0
          ? `截至${day(c.at)}，该事项已逾期${late}个工作日，经${history === '无' ? '提醒' : history}仍未办结。`
          : `截至${day(c.at)}，该事项尚未办结。`) +
        '现予督办，有关事项通知如下：',
    },
    { kind: 'heading1', text: '一、督办事项' },
    {
      kind: 'table',
      head: ['项目', '内容'],
      rows: [
        ['任务', `任务${spec.task} ${spec.taskTitle}`],
        ['报送事项', spec.duty],
        ['截止时间', day(state.due)],
        ['逾期工作日', String(late)],
        ['已采取措施', history],
      ],
      widths: [1.2, 4],
    },
    { kind: 'heading1', text: '二、办理要求' },
    {
      kind: 'paragraph',
      text: `（一）请你单位主要负责同志督促落实，于${day(answerBy)}前通过报送平台报送“${spec.duty}”，并书面说明逾期原因和整改措施。`,
    },
    { kind: 'paragraph', text: `（二）逾期仍未办结的，将按${planName(c)}规定予以通报，并纳入年度考核。` },
  ];
  if (c.contact) body.push({ kind: 'heading1', text: '三、联系方式' }, { kind: 'paragraph', text: `${c.contact}。` });
  return issued(c, {
    kind: 'supervision',
    key: `supervision:${spec.id}:${state.due.slice(0, 10)}`,
    title: `关于督促报送${spec.duty}的督办通知书`,
    addressee: `${spec.unit}：`,
    body,
    attachments: [],
    fileName: fileSafe(`督办通知书-${spec.unit}-任务${spec.task}-${spec.dutyId}`),
    recordIn: [spec.id],
  });
}

/** A row of a 通报: a unit still owing, with the rungs it reached. */
export interface CircularRow {
  id: string;
  unit: string;
  due: string;
  stage: ObligationSnapshot['stage'];
  overdueDays: number;
  history: string;
}

/**
 * The units of a round still owing at `at`, most late first (a row's own timeline gives its history when known),
 * late by the working days of `own`.
 */
export function circularRows(
  rows: ObligationSnapshot[],
  at: string,
  timelines: Record<string, TimelineEntry[]> = {},
  own: Arrangements = undefined,
): CircularRow[] {
  return rows
    .filter((s) => isOwing(s.stage) && ms(s.due) < ms(at))
    .map((s) => ({
      id: s.id,
      unit: s.unit,
      due: s.due,
      stage: s.stage,
      overdueDays: overdueDays(s.due, at, own),
      history: timelines[s.id] ? escalationHistory(timelines[s.id]) : rungsOf(s.level),
    }))
    .sort((a, b) => b.overdueDays - a.overdueDays || a.unit.localeCompare(b.unit, 'zh'));
}

/** 通报: a round's units still missing at its 通报 step (or whenever asked), with their escalation history. */
export function circular(
  round: RoundSpec,
  rows: ObligationSnapshot[],
  c: IssueContext,
  timelines: Record<string, TimelineEntry[]> = {},
): OfficialDocument {
  const live = rows.filter((s) => s.stage !== 'cancelled');
  const missing = circularRows(live, c.at, timelines, c.holidays);
  const done = live.filter((s) => s.submission).length;
  const body: Block[] = [
    {
      kind: 'paragraph',
      text:
        `根据${planName(c)}要求，“${round.duty}”（任务${round.task} ${round.taskTitle}）应于${day(round.due)}前报送。` +
        `截至${day(c.at)}，应报${live.length}个单位，已报送${done}个，逾期未报${missing.length}个。现将有关情况通报如下：`,
    },
    { kind: 'heading1', text: '一、逾期未报单位' },
    missing.length
      ? {
          kind: 'table',
          head: ['序号', '单位', '截止时间', '逾期工作日', '已采取措施'],
          rows: missing.map((r, i) => [String(i + 1), r.unit, day(r.due), String(r.overdueDays), r.history]),
          widths: [1, 3, 2.4, 1.6, 3],
        }
      : { kind: 'paragraph', text: '无。' },
    { kind: 'heading1', text: '二、有关要求' },
    {
      kind: 'paragraph',
      text: '请上述单位高度重视，立即报送，并于报送时书面说明逾期原因。通报情况纳入年度考核。各单位要举一反三，严格按照时限要求做好报送工作。',
    },
  ];
  return issued(c, {
    kind: 'circular',
    key: `circular:${round.round}`,
    title: `关于${round.duty}报送情况的通报`,
    addressee: '各有关单位：',
    body,
    attachments: [],
    fileName: fileSafe(`通报-任务${round.task}-${round.dutyId}`),
    recordIn: missing.map((r) => r.id),
  });
}

const GROUP_ZH = { onTime: '按时报送', late: '逾期报送', missing: '未报送', cancelled: '已撤销' } as const;

const comparatorZh = { 'at-least': '不少于', 'at-most': '不超过', exactly: '等于' } as const;
const meets = (t: ObligationTarget, v: number) =>
  t.comparator === 'at-least' ? v >= t.value : t.comparator === 'at-most' ? v <= t.value : v === t.value;

/** One unit's figure against one target of the plan. */
export interface FigureRow {
  unit: string;
  target: string;
  reported?: number;
  goal: string;
  met: boolean;
}

/** Each reported figure against the plan's targets for the round (a unit that reported none: 未报). */
export function figuresAgainstTargets(c: Compilation, targets: ObligationTarget[]): FigureRow[] {
  const reported = [...c.onTime, ...c.late, ...c.missing].filter((r) => r.figures);
  const out: FigureRow[] = [];
  for (const t of targets)
    for (const r of [...c.onTime, ...c.late, ...c.missing]) {
      const v = reported.find((x) => x.obligation === r.obligation)?.figures?.[t.id];
      out.push({
        unit: r.unit,
        target: t.label,
        reported: v,
        goal: `${comparatorZh[t.comparator]}${t.value}${t.unit}`,
        met: v !== undefined && meets(t, v),
      });
    }
  return out;
}

/** 汇总: a round's units with their state, 签收 and submission times, returned and extended ones, figures against targets. */
export function compilationReport(
  cmp: Compilation,
  round: Pick<RoundSpec, 'due' | 'dutyId'> & { targets?: ObligationTarget[] },
  rows: ObligationSnapshot[],
  c: IssueContext,
): OfficialDocument {
  const byId = new Map(rows.map((s) => [s.id, s]));
  const returned = rows.filter((s) => s.stage === 'returned' || (s.submission && Number(s.submission.receipt.split('-').at(-1)) > 1));
  const extended = rows.filter((s) => s.due !== round.due);
  const all = (['onTime', 'late', 'missing', 'cancelled'] as const).flatMap((g) => cmp[g].map((r) => ({ ...r, group: GROUP_ZH[g] })));
  const statusRows = all.map((r, i) => {
    const s = byId.get(r.obligation);
    const notes = [s && extended.includes(s) ? `延期至${day(r.due)}` : '', s && returned.includes(s) ? '曾退回' : ''].filter(Boolean);
    return [
      String(i + 1),
      r.unit,
      s ? STAGE_ZH[s.stage] : r.group,
      r.group,
      r.acknowledgedAt ? day(r.acknowledgedAt) : '未签收',
      r.submittedAt ? day(r.submittedAt) : '—',
      notes.join('；') || '—',
    ];
  });
  const figures = figuresAgainstTargets(cmp, round.targets ?? []);
  const attachments: Attachment[] = [
    {
      title: '各单位报送情况表',
      blocks: [
        {
          kind: 'table',
          head: ['序号', '单位', '状态', '报送情况', '签收日期', '报送日期', '备注'],
          rows: statusRows,
          widths: [1, 3, 1.6, 1.8, 2.4, 2.4, 2.4],
        },
      ],
    },
  ];
  if (figures.length)
    attachments.push({
      title: '指标完成情况表',
      blocks: [
        {
          kind: 'table',
          head: ['单位', '指标', '报送值', '目标', '是否达标'],
          rows: figures.map((f) => [
            f.unit,
            f.target,
            f.reported === undefined ? '未报' : String(f.reported),
            f.goal,
            f.met ? '达标' : '未达标',
          ]),
          widths: [3, 3.5, 1.5, 2.5, 1.5],
        },
      ],
    });
  const metCount = figures.filter((f) => f.met).length;
  const body: Block[] = [
    {
      kind: 'paragraph',
      text: `根据${planName(c)}要求，现将“${cmp.duty}”（任务${cmp.task} ${cmp.taskTitle}，截止${day(cmp.due)}）报送情况汇总如下：`,
    },
    { kind: 'heading1', text: '一、总体情况' },
    {
      kind: 'paragraph',
      text:
        `应报${cmp.onTime.length + cmp.late.length + cmp.missing.length}个单位，按时报送${cmp.onTime.length}个，逾期报送${cmp.late.length}个，` +
        `未报送${cmp.missing.length}个` +
        (cmp.cancelled.length ? `，撤销${cmp.cancelled.length}个` : '') +
        `；经退回重报${returned.length}个，延期${extended.length}个。`,
    },
    { kind: 'heading1', text: '二、指标完成情况' },
    {
      kind: 'paragraph',
      text: figures.length
        ? `本轮涉及指标${round.targets!.length}项，共${figures.length}项单位指标，达标${metCount}项（详见附件2）。`
        : '本轮报送事项未设量化指标。',
    },
  ];
  if (cmp.missing.length) {
    body.push(
      { kind: 'heading1', text: '三、未报送单位' },
      { kind: 'paragraph', text: `${cmp.missing.map((r) => r.unit).join('、')}。请上述单位抓紧报送。` },
    );
  }
  return issued(c, {
    kind: 'compilation',
    key: `compilation:${cmp.round}`,
    title: `关于${cmp.duty}报送情况的汇总报告`,
    addressee: `${cmp.to.join('、') || c.settings.issuer}：`,
    body,
    attachments,
    fileName: fileSafe(`汇总-任务${cmp.task}-${round.dutyId}`),
  });
}

const rankingTable = (ranking: NonNullable<AnnualSummary['ranking']>): Block => ({
  kind: 'table',
  head: ['名次', '单位', '得分', '按时', '逾期报送', '未报', '催办督办通报', '退回', '整改'],
  rows: ranking.map((r) => [r.rank, r.unit, r.score, r.onTime, r.late, r.missing, r.escalations, r.returned, r.findings].map(String)),
  widths: [1, 3, 1.2, 1, 1.2, 1, 1.6, 1, 1],
});

/** 年度总结: the year in numbers, the tasks, what is still owed, and the ranking. */
export function annualReport(a: AnnualSummary, c: IssueContext): OfficialDocument {
  const s = a.byStage;
  const attachments: Attachment[] = [
    {
      title: '各任务完成情况表',
      blocks: [
        {
          kind: 'table',
          head: ['任务', '报送事项', '已办结', '逾期未报'],
          rows: a.byTask.map((t) => [`任务${t.task}`, String(t.total), String(t.closed), String(t.overdue)]),
          widths: [2, 2, 2, 2],
        },
      ],
    },
  ];
  if (a.outstanding.length)
    attachments.push({
      title: '年底仍未办结事项',
      blocks: [
        {
          kind: 'table',
          head: ['任务', '单位', '报送事项', '截止时间', '状态', '督办层级'],
          rows: a.outstanding.map((o) => [`任务${o.task}`, o.unit, o.duty, day(o.due), STAGE_ZH[o.stage], LEVEL_ZH[o.level] ?? '无']),
          widths: [1.2, 2.4, 4, 2.2, 1.4, 1.4],
        },
      ],
    });
  if (a.ranking?.length) attachments.push({ title: '年度考核排名', blocks: [rankingTable(a.ranking)] });
  const top = a.ranking?.filter((r) => r.rank === 1).map((r) => r.unit) ?? [];
  const body: Block[] = [
    { kind: 'paragraph', text: `现将《${a.title}》报送事项落实情况总结如下：` },
    { kind: 'heading1', text: '一、总体情况' },
    {
      kind: 'paragraph',
      text:
        `全年共有报送事项${a.total}项，已办结${s.accepted}项，已报送待审核${s.submitted}项，退回待重报${s.returned}项，` +
        `逾期未报${s.overdue}项，未到期${s.open}项，撤销${s.cancelled}项。`,
    },
    { kind: 'heading1', text: '二、未办结事项' },
    {
      kind: 'paragraph',
      text: a.outstanding.length
        ? `截至年底仍有${a.outstanding.length}项未办结（详见附件），请有关单位抓紧办理。`
        : '全部报送事项均已办结。',
    },
  ];
  if (a.ranking?.length)
    body.push(
      { kind: 'heading1', text: '三、考核情况' },
      {
        kind: 'paragraph',
        text: `按方案计分规则，${a.ranking.length}个单位参加年度考核，${top.join('、')}得分最高（${a.ranking[0].score}分）。排名详见附件。`,
      },
    );
  return issued(c, {
    kind: 'annual',
    key: `annual:${a.plan}`,
    title: `关于${a.year}年度${a.title.replace(/^.*?\d{4}年度/, '')}落实情况的总结`,
    addressee: `${a.to.join('、')}：`,
    body,
    attachments,
    fileName: fileSafe(`年度总结-${a.plan}`),
  });
}

/** 考核结果: the ranking with each unit's breakdown. */
export function assessmentReport(
  plan: { plan: string; title: string; year: number },
  units: UnitScore[],
  rules: string[],
  c: IssueContext,
): OfficialDocument {
  const ranking = annualRanking(units);
  const breakdown: Block[] = units.flatMap((u) => [
    { kind: 'heading2' as const, text: `（${u.rank}）${u.unit}：${u.score}分` },
    {
      kind: 'table' as const,
      head: ['任务', '报送事项', '截止', '得分', '明细'],
      rows: u.obligations.map((o) => [
        `任务${o.task}`,
        o.duty,
        day(o.due),
        String(o.points),
        o.items.map((i) => `${i.note}${i.points > 0 ? `+${i.points}` : i.points < 0 ? `−${-i.points}` : ''}`).join('；'),
      ]),
      widths: [1.2, 3.6, 2.2, 1, 4],
    },
  ]);
  return issued(c, {
    kind: 'assessment',
    key: `assessment:${plan.plan}`,
    title: `关于${plan.year}年度报送工作考核结果的通报`,
    addressee: '各有关单位：',
    body: [
      { kind: 'paragraph', text: `根据《${plan.title}》，现将${plan.year}年度各单位报送工作考核结果通报如下：` },
      { kind: 'heading1', text: '一、计分规则' },
      { kind: 'paragraph', text: `${rules.join('；')}。` },
      { kind: 'heading1', text: '二、考核排名' },
      rankingTable(ranking),
      { kind: 'heading1', text: '三、有关要求' },
      { kind: 'paragraph', text: '各单位要对照考核结果查找不足，对逾期、退回和整改事项逐项落实，切实提高报送质量和时效。' },
    ],
    attachments: [{ title: '各单位得分明细', blocks: breakdown }],
    fileName: fileSafe(`考核结果-${plan.plan}`),
  });
}

/** 回头看 notice: to the units of a look-back round, what is looked back on and by when. */
export function lookBackNotice(round: RoundSpec, c: IssueContext): OfficialDocument {
  const units = round.obligations.map((o) => o.unit);
  return issued(c, {
    kind: 'lookback',
    key: `lookback:${round.round}`,
    title: `关于开展${round.duty.replace(/^回头看[：:]/, '')}“回头看”的通知`,
    addressee: `${units.join('、')}：`,
    body: [
      {
        kind: 'paragraph',
        text: `为巩固${planName(c)}任务${round.task}（${round.taskTitle}）落实成效，决定对“${round.duty}”开展“回头看”。现将有关事项通知如下：`,
      },
      { kind: 'heading1', text: '一、回头看范围' },
      { kind: 'paragraph', text: `${units.join('、')}，共${units.length}个单位。` },
      { kind: 'heading1', text: '二、工作要求' },
      {
        kind: 'paragraph',
        text: `请上述单位对照原报送事项逐项自查，于${day(round.due)}前通过报送平台报送“回头看”情况，说明问题整改和长效机制建立情况。`,
      },
    ],
    attachments: [],
    fileName: fileSafe(`回头看通知-任务${round.task}-${round.dutyId}`),
  });
}

/** 整改 notice: to one unit, the finding to rectify and by when. */
export function rectificationNotice(spec: ObligationSpec, state: Pick<ObligationState, 'due'>, c: IssueContext): OfficialDocument {
  const finding = spec.duty.replace(/^整改[：:]/, '');
  return issued(c, {
    kind: 'rectification',
    key: `rectification:${spec.id}`,
    title: `关于${spec.unit}整改有关问题的通知`,
    addressee: `${spec.unit}：`,
    body: [
      { kind: 'paragraph', text: `在${planName(c)}任务${spec.task}（${spec.taskTitle}）督查中，发现你单位存在以下问题：` },
      { kind: 'heading1', text: '一、发现的问题' },
      { kind: 'paragraph', text: `${finding}。` },
      { kind: 'heading1', text: '二、整改要求' },
      {
        kind: 'paragraph',
        text: `请你单位认真研究，制定整改措施，于${day(state.due)}前完成整改，并通过报送平台报送整改情况。逾期未整改的，将予以督办并纳入年度考核。`,
      },
    ],
    attachments: [],
    fileName: fileSafe(`整改通知-${spec.unit}-任务${spec.task}`),
    recordIn: [spec.id],
  });
}
