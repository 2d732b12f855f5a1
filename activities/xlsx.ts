// One way to lay out duban's Excel sheets (汇总 and 台账): bold header row, frozen under the header.
import ExcelJS from 'exceljs';

export async function sheetBuffer(name: string, columns: Partial<ExcelJS.Column>[], rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'duban';
  const ws = wb.addWorksheet(name);
  ws.columns = columns;
  for (const r of rows) ws.addRow(r);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
