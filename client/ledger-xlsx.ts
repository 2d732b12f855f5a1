// The ledger (台账) as an Excel sheet: one row per obligation, for `duban ledger --xlsx` and the board.
import { sheetBuffer } from '../activities/xlsx';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/lifecycle';
import type { ObligationSnapshot } from '../domain/obligation/notice';

const COLUMNS = [
  { header: '编号', key: 'id', width: 40 },
  { header: '任务', key: 'task', width: 6 },
  { header: '单位', key: 'unit', width: 22 },
  { header: '报送事项', key: 'duty', width: 40 },
  { header: '截止', key: 'due', width: 22 },
  { header: '状态', key: 'stage', width: 8 },
  { header: '灯', key: 'light', width: 6 },
  { header: '督办等级', key: 'level', width: 8 },
  { header: '回执编号', key: 'receipt', width: 40 },
  { header: '报送时间', key: 'submittedAt', width: 24 },
];

export async function ledgerXlsx(rows: ObligationSnapshot[]): Promise<Buffer> {
  const sorted = [...rows].sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
  return sheetBuffer(
    '台账',
    COLUMNS,
    sorted.map((r) => ({ id: r.id, task: r.task, unit: r.unit, duty: r.duty, due: r.due, stage: STAGE_ZH[r.stage], light: LIGHT_ZH[r.light], level: LEVEL_ZH[r.level], receipt: r.submission?.receipt ?? '', submittedAt: r.submission?.at ?? '' })),
  );
}
