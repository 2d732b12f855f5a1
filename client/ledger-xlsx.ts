// The ledger (台账) as an Excel sheet: one row per obligation, for `duban ledger --xlsx` and the board.
import ExcelJS from 'exceljs';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/lifecycle';
import type { ObligationSnapshot } from '../domain/obligation/notice';

export async function ledgerXlsx(rows: ObligationSnapshot[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.columns = [
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
  const sorted = [...rows].sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
  for (const r of sorted) {
    ws.addRow({ id: r.id, task: r.task, unit: r.unit, duty: r.duty, due: r.due, stage: STAGE_ZH[r.stage], light: LIGHT_ZH[r.light], level: LEVEL_ZH[r.level], receipt: r.submission?.receipt ?? '', submittedAt: r.submission?.at ?? '' });
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
