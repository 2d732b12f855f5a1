// Roster workbooks (通讯录, .xlsx or .csv) in and out: a sheet becomes the grid of texts domain/roster reads, and a
// directory becomes a sheet with the header row the import reads. exceljs is loaded on first use (half a second).
import type ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { GridRow, RosterGrid } from '../../domain/roster/roster';
import { EXPORT_HEADERS } from '../../domain/roster/roster-directory';
import { AppError } from '../errors';

/** A roster larger than this is not a roster: refused before it is parsed. */
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
export const DEFAULT_SHEET = '通讯录';

export type RosterFormat = 'xlsx' | 'csv';

/** The format by content: an .xlsx is a ZIP archive; anything else must be text. */
export function rosterFormat(bytes: Buffer): RosterFormat {
  return bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'xlsx' : 'csv';
}

/** CSV text: UTF-8 (with or without BOM) or, as Excel saves it on Chinese Windows, GB18030. */
function csvText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Reads the roster's sheet (`sheet`, else the first) as a grid of cell texts, merged cells marked. */
export async function readRosterGrid(bytes: Buffer, opts: { sheet?: string; name?: string } = {}): Promise<RosterGrid> {
  if (bytes.length > MAX_ROSTER_BYTES) throw new AppError(`名册文件超过 ${MAX_ROSTER_BYTES / 1024 / 1024} MB，不予导入`);
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  const format = rosterFormat(bytes);
  let ws: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      ws = opts.sheet ? wb.getWorksheet(opts.sheet) : wb.worksheets[0];
    } else {
      const text = csvText(bytes);
      if (text.includes('\u0000')) throw new AppError('名册文件既不是 Excel 工作簿（.xlsx），也不是文本（.csv）');
      ws = await wb.csv.read(Readable.from([text]), { sheetName: opts.name ?? DEFAULT_SHEET, map: (v: string) => v } as never);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(`无法读取名册文件：它不是有效的 Excel 工作簿（.xlsx）或 CSV 文件`);
  }
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name).join('、');
    throw new AppError(`工作簿中没有名为“${opts.sheet}”的工作表（有：${names}）`);
  }
  const rows: GridRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: GridRow['cells'] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const merged = cell.isMerged && cell.master.address !== cell.address;
      cells.push({ col, text: cellText(cell), ...(merged ? { merged } : {}) });
    });
    rows.push({ row: number, cells });
  });
  return { sheet: ws.name, rows };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  // A mobile typed as a number reads back without exponent or grouping; an e-mail with a link reads as its text.
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return cell.text ?? '';
}

/** A roster workbook of `rows` under the export header row, on one sheet. */
export async function rosterWorkbook(rows: string[][], format: RosterFormat, sheet = DEFAULT_SHEET): Promise<Buffer> {
  const { default: excel } = await import('exceljs');
  const wb = new excel.Workbook();
  wb.creator = 'duban';
  const ws = wb.addWorksheet(sheet);
  ws.columns = EXPORT_HEADERS.map((h) => ({ header: h, width: Math.max(12, h.length * 3) }));
  for (const r of rows) ws.addRow(r);
  // Mobiles and codes stay text, so Excel neither rounds them nor drops leading characters.
  ws.eachRow((row) => row.eachCell((c) => (c.numFmt = '@')));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (format === 'csv') return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(await wb.csv.writeBuffer())]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
