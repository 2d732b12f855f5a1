// One way to lay out duban's Excel sheets (汇总 and 台账): bold header row, frozen under the header.
// exceljs is loaded on the first sheet: it takes half a second to load, which every worker, CLI command and
// simulation would otherwise pay at start whether or not it writes a sheet.
import type ExcelJS from 'exceljs';

export interface SheetSpec {
  name: string;
  columns: Partial<ExcelJS.Column>[];
  rows: Record<string, unknown>[];
}

export async function sheetBuffer(name: string, columns: Partial<ExcelJS.Column>[], rows: Record<string, unknown>[]): Promise<Buffer> {
  return workbookBuffer([{ name, columns, rows }]);
}

/** Several sheets in one workbook, each laid out the same way. */
export async function workbookBuffer(sheets: SheetSpec[]): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.creator = 'duban';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.columns = s.columns;
    for (const r of s.rows) ws.addRow(r);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
