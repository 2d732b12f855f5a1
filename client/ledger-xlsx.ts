// The ledger (台账) as an Excel sheet: one row per obligation, for `duban ledger --xlsx` and the board; with the
// units' scores, each row carries its points and their reasons, and a second sheet ranks the units (考核排名).
import { workbookBuffer } from '../store/xlsx';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/state';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { acknowledgementOf } from '../domain/obligation/acknowledge';
import { chineseDate, chineseDateTime } from '../domain/notices/format';
import { STEP_ZH } from '../domain/notices/step-labels';
import { ESCALATION_STEPS } from '../domain/calendar/ladder';
import type { ObligationScore, UnitScore } from '../domain/scoring/score';

const COLUMNS = [
  { header: '编号', key: 'id', width: 40 },
  { header: '任务', key: 'task', width: 6 },
  { header: '单位', key: 'unit', width: 22 },
  { header: '报送事项', key: 'duty', width: 40 },
  { header: '截止', key: 'due', width: 22 },
  { header: '状态', key: 'stage', width: 8 },
  { header: '灯', key: 'light', width: 6 },
  { header: '督办等级', key: 'level', width: 8 },
  { header: '签收时间', key: 'acknowledgedAt', width: 24 },
  { header: '签收人', key: 'acknowledgedBy', width: 20 },
  { header: '延期申请', key: 'extensionPending', width: 30 },
  { header: '回执编号', key: 'receipt', width: 40 },
  { header: '报送时间', key: 'submittedAt', width: 24 },
];
const SCORE_COLUMNS = [
  { header: '得分', key: 'points', width: 8 },
  { header: '得分明细', key: 'reasons', width: 50 },
];
const RANKING_COLUMNS = [
  { header: '名次', key: 'rank', width: 6 },
  { header: '单位', key: 'unit', width: 22 },
  { header: '得分', key: 'score', width: 8 },
  { header: '计分事项', key: 'obligations', width: 10 },
  { header: '按时报送', key: 'onTime', width: 10 },
  { header: '逾期报送', key: 'late', width: 10 },
  { header: '逾期未报送', key: 'missing', width: 12 },
  { header: '逾期工作日', key: 'lateDays', width: 12 },
  ...ESCALATION_STEPS.map((s) => ({ header: STEP_ZH[s], key: s, width: 6 })),
  { header: '退回', key: 'returned', width: 6 },
  { header: '整改', key: 'findings', width: 6 },
];

/** An instant as the sheet's readers read dates (2026年12月7日（星期一）10:15), or empty. */
const whenZh = (iso?: string): string => (iso ? chineseDateTime(iso) : '');

/** "按时报送 +2；收到催办 −1": an obligation's points with their reasons. */
export const scoreReasons = (s: ObligationScore): string =>
  s.items.map((i) => `${i.note} ${i.points >= 0 ? '+' : '−'}${Math.abs(i.points)}`).join('；');

export async function ledgerXlsx(rows: ObligationSnapshot[], scores?: UnitScore[]): Promise<Buffer> {
  const sorted = [...rows].sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
  const byId = new Map((scores ?? []).flatMap((u) => u.obligations.map((o) => [o.id, o] as const)));
  const ledger = sorted.map((r) => {
    const s = byId.get(r.id);
    const base = {
      id: r.id,
      task: r.task,
      unit: r.unit,
      duty: r.duty,
      due: chineseDateTime(r.due),
      stage: STAGE_ZH[r.stage],
      light: LIGHT_ZH[r.light],
      level: LEVEL_ZH[r.level],
      acknowledgedAt: whenZh(acknowledgementOf(r)?.at),
      acknowledgedBy: acknowledgementOf(r)?.by ?? '',
      extensionPending: r.extensionPending
        ? `待审批：第${r.extensionPending.seq}次，申请延至 ${chineseDate(r.extensionPending.requestedDue)}（${r.extensionPending.by}）`
        : '',
      receipt: r.submission?.receipt ?? '',
      submittedAt: whenZh(r.submission?.at),
    };
    // A cancelled obligation is not scored: its cells stay empty.
    return scores ? { ...base, points: s ? s.points : '', reasons: s ? scoreReasons(s) : '不计分（已撤销）' } : base;
  });
  if (!scores) return workbookBuffer([{ name: '台账', columns: COLUMNS, rows: ledger }]);
  return workbookBuffer([
    { name: '台账', columns: [...COLUMNS, ...SCORE_COLUMNS], rows: ledger },
    { name: '考核排名', columns: RANKING_COLUMNS, rows: scores.map((u) => ({ rank: u.rank, unit: u.unit, score: u.score, ...u.counts })) },
  ]);
}
