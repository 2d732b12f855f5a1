// The notice's lines as items: numbered headings (一、 (一) 1. （1） 第一条 …), unit lines (责任单位：…),
// deadline lines (完成时限：…), 台账 table rows (tab-separated cells, or one cell per line under a header),
// and plain paragraphs.
import { ascii, NoticeLine } from './text';

export interface Heading {
  type: 'heading';
  /** 0: 一、 第一章; 1: (一); 2: 1. 第一条; 3: (1); 4: ①. */
  rank: number;
  num: string;
  rest: string;
  line: number;
}
export interface UnitLine {
  type: 'units';
  role: 'responsible' | 'implementing';
  label: string;
  list: string;
  line: number;
}
export interface DeadlineLine {
  type: 'deadline';
  text: string;
  line: number;
}
export interface Cell {
  text: string;
  line: number;
}
export interface Row {
  type: 'row';
  cells: Partial<Record<Column, Cell>>;
  line: number;
}
export interface Para {
  type: 'para';
  text: string;
  line: number;
}
export type Item = Heading | UnitLine | DeadlineLine | Row | Para;
export type Column = 'no' | 'task' | 'responsible' | 'implementing' | 'person' | 'deadline' | 'other';

const MARKERS: [RegExp, number][] = [
  [/^([一二三四五六七八九十]+)[、,.．]\s*(.*)$/, 0],
  [/^第([一二三四五六七八九十]+)(?:章|部分)\s*(.*)$/, 0],
  [/^\(([一二三四五六七八九十]+)\)\s*(.*)$/, 1],
  [/^第([一二三四五六七八九十百]+)条\s*(.*)$/, 2],
  [/^(\d{1,3})(?:[.．、](?!\d)|\s)\s*(.*)$/, 2],
  [/^\((\d{1,3})\)\s*(.*)$/, 3],
  [/^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$/, 4],
];

/** A numbered heading: its rank, its number as written, and the text after the number (verbatim). */
export function heading(text: string, line: number): Heading | undefined {
  const a = ascii(text);
  for (const [re, rank] of MARKERS) {
    const m = re.exec(a);
    if (m && m[2].length > 0) return { type: 'heading', rank, num: m[1], rest: text.slice(a.length - m[2].length), line };
  }
  return undefined;
}

const UNIT_LABEL = '(责任单位|牵头单位|主责单位|责任部门|牵头部门|配合单位|配合部门|协办单位|参与单位|落实单位)';
/** `责任单位：…`, also in brackets of its own: `（责任单位：…）`. */
const UNIT_LINES = [new RegExp(`^\\(${UNIT_LABEL}\\s*:\\s*(.+)\\)$`), new RegExp(`^${UNIT_LABEL}\\s*:\\s*(.+)$`)];
const DEADLINE_LINE = /^(完成时限|完成时间|时间要求|时限要求|时间节点)\s*:\s*(.+)$/;

const HEADER: Record<string, Column> = {
  序号: 'no',
  编号: 'no',
  工作任务: 'task',
  重点任务: 'task',
  任务内容: 'task',
  工作内容: 'task',
  具体任务: 'task',
  工作措施: 'task',
  具体措施: 'task',
  主要任务: 'task',
  责任单位: 'responsible',
  牵头单位: 'responsible',
  主责单位: 'responsible',
  配合单位: 'implementing',
  协办单位: 'implementing',
  责任人: 'person',
  完成时限: 'deadline',
  完成时间: 'deadline',
  时间节点: 'deadline',
  时限要求: 'deadline',
  备注: 'other',
};
const isHeader = (cells: string[]) => cells.some((c) => HEADER[c] === 'task') && cells.some((c) => HEADER[c] === 'responsible');

/** The items of the notice's lines, tables folded into rows. */
export function items(lines: NoticeLine[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { text, no } = lines[i];
    // A table row per line, cells separated by tabs.
    if (text.includes('\t')) {
      const head = text.split('\t').map((c) => c.trim());
      if (isHeader(head)) {
        const cols = head.map((h) => HEADER[h] ?? 'other');
        while (i + 1 < lines.length && lines[i + 1].text.includes('\t')) {
          i++;
          const cells = lines[i].text.split('\t').map((c) => c.trim());
          out.push(
            row(
              cols,
              cells.map((c) => ({ text: c, line: lines[i].no })),
              lines[i].no,
            ),
          );
        }
        continue;
      }
    }
    // A table flattened to one cell per line: a run of header words, then rows of as many lines.
    let k = 0;
    while (i + k < lines.length && HEADER[lines[i + k].text] !== undefined) k++;
    if (k >= 3 && isHeader(lines.slice(i, i + k).map((l) => l.text))) {
      const cols = lines.slice(i, i + k).map((l) => HEADER[l.text]);
      i += k;
      const hasNo = cols[0] === 'no';
      while (i + k <= lines.length) {
        const cells = lines.slice(i, i + k);
        if (hasNo && !/^\d{1,3}$/.test(ascii(cells[0].text))) break;
        if (!hasNo && heading(cells[0].text, cells[0].no)?.rank === 0) break;
        const taskCell = cells[cols.indexOf('task')];
        out.push(
          row(
            cols,
            cells.map((c) => ({ text: c.text, line: c.no })),
            taskCell?.no ?? cells[0].no,
          ),
        );
        i += k;
      }
      i--;
      continue;
    }
    const a = ascii(text);
    const u = UNIT_LINES.map((re) => re.exec(a)).find((m) => m);
    if (u) {
      out.push({
        type: 'units',
        role: /配合|协办|参与|落实/.test(u[1]) ? 'implementing' : 'responsible',
        label: u[1],
        list: text.substr(a.lastIndexOf(u[2]), u[2].length),
        line: no,
      });
      continue;
    }
    const d = DEADLINE_LINE.exec(a);
    if (d) {
      out.push({ type: 'deadline', text: text.slice(a.length - d[2].length), line: no });
      continue;
    }
    if (/^责任人\s*:/.test(a)) continue;
    out.push(heading(text, no) ?? { type: 'para', text, line: no });
  }
  return out;
}

function row(cols: Column[], cells: Cell[], line: number): Row {
  const r: Row = { type: 'row', cells: {}, line };
  cols.forEach((c, j) => {
    if (cells[j] && cells[j].text && r.cells[c] === undefined) r.cells[c] = cells[j];
  });
  return r;
}

/** A trailing bracket that assigns units: 【…】 always; （…） when it names roles or units. Balanced brackets. */
export function trailingBracket(text: string): { inner: string; before: string } | undefined {
  const t = text.replace(/[。.\s]+$/, '');
  const last = t[t.length - 1];
  if (last === '】') {
    const open = t.lastIndexOf('【');
    if (open >= 0) return { inner: t.slice(open + 1, -1), before: t.slice(0, open) };
  }
  if (last !== '）' && last !== ')') return undefined;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] === '）' || t[i] === ')') depth++;
    else if (t[i] === '（' || t[i] === '(') {
      depth--;
      if (depth === 0) return { inner: t.slice(i + 1, -1), before: t.slice(0, i) };
    }
  }
  return undefined;
}
