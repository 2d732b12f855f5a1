// A unit roster (通讯录) as an office keeps it in Excel or CSV: the header row is found by its names, title rows,
// blank rows and merged cells are skipped, and every row is checked. Pure: app/roster reads the workbook into a
// grid of texts and passes it in; every problem is reported by sheet!cell, in Chinese, and nothing is returned
// unless the whole roster is good.
import { z } from 'zod';

/** One cell's text; `merged` when the cell is covered by a merged range whose top-left cell is another one. */
export interface GridCell {
  col: number;
  text: string;
  merged?: boolean;
}

export interface GridRow {
  /** 1-based row number in the sheet. */
  row: number;
  cells: GridCell[];
}

export interface RosterGrid {
  sheet: string;
  rows: GridRow[];
}

export type RosterField =
  | 'name'
  | 'fullName'
  | 'code'
  | 'kind'
  | 'aliases'
  | 'contact.name'
  | 'contact.mobile'
  | 'contact.email'
  | 'contact.wecom'
  | 'leader.name'
  | 'leader.mobile'
  | 'leader.email'
  | 'leader.wecom';

/** The header each field is exported under (the first spelling below), then the other spellings the import accepts. */
export const HEADERS: Record<RosterField, string[]> = {
  name: ['单位名称', '单位', '单位简称', '名称', '部门', '部门名称', '责任单位'],
  fullName: ['单位全称', '全称'],
  code: ['单位代码', '代码', '编码'],
  kind: ['单位类型', '类型', '类别'],
  aliases: ['别名', '其他名称'],
  'contact.name': ['联系人', '联络员', '联系人姓名', '联络员姓名', '姓名'],
  'contact.mobile': ['联系人手机', '手机', '手机号', '手机号码', '联系电话', '联络员手机', '移动电话', '电话'],
  'contact.email': ['联系人邮箱', '邮箱', '电子邮箱', '电子邮件', 'email', 'e-mail', '联络员邮箱'],
  'contact.wecom': ['联系人企业微信账号', '企业微信账号', '企业微信', '政务微信账号', '政务微信', '联络员企业微信账号'],
  'leader.name': ['分管领导', '领导', '分管领导姓名', '领导姓名'],
  'leader.mobile': ['领导手机', '分管领导手机', '领导联系电话', '分管领导联系电话', '领导电话'],
  'leader.email': ['领导邮箱', '分管领导邮箱', '领导电子邮箱', '分管领导电子邮箱'],
  'leader.wecom': ['领导企业微信账号', '分管领导企业微信账号', '领导政务微信账号', '分管领导政务微信账号'],
};

export const FIELD_ZH: Record<RosterField, string> = Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k, v[0]])) as Record<
  RosterField,
  string
>;

/** The kinds a roster names in its 单位类型 column, the first spelling being the one export writes. */
export const KINDS: Record<RosterKind, string[]> = {
  bureau: ['督办单位', '督办机关', '牵头单位'],
  department: ['市直部门', '部门', '市直单位'],
  county: ['县（市、区）', '县区', '县（市、区）政府', '县级政府', '区县'],
  recipient: ['接收机关', '接收单位', '报送对象'],
};
export type RosterKind = 'bureau' | 'department' | 'county' | 'recipient';

export interface RosterPerson {
  name?: string;
  mobile?: string;
  email?: string;
  wecom?: string;
}

export interface RosterEntry {
  /** Where the row is, e.g. 通讯录!5 (for messages about the whole row). */
  row: number;
  name: string;
  fullName?: string;
  code?: string;
  kind?: RosterKind;
  aliases: string[];
  contact: RosterPerson;
  leader: RosterPerson;
}

export interface Roster {
  sheet: string;
  entries: RosterEntry[];
  /** The columns the roster has: a blank cell in one of them clears that field in a merge, a missing column keeps it. */
  columns: Set<RosterField>;
}

export interface RosterProblem {
  /** sheet!cell, e.g. 通讯录!D5 */
  at: string;
  zh: string;
}

export class RosterError extends Error {
  constructor(readonly problems: RosterProblem[]) {
    super(problems.map((p) => `${p.at}：${p.zh}`).join('\n'));
    this.name = 'RosterError';
  }
}

export function columnLetter(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The cell reference as Excel writes it: the sheet quoted when its name has spaces or punctuation. */
export function cellRef(sheet: string, col: number, row: number): string {
  const name = /^[\p{L}\p{N}_]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${name}!${columnLetter(col)}${row}`;
}

const normalizeHeader = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s*＊:：()（）]/g, '')
    .toLowerCase();

const HEADER_LOOKUP = new Map<string, RosterField>(
  (Object.entries(HEADERS) as [RosterField, string[]][]).flatMap(([field, names]) => names.map((n) => [normalizeHeader(n), field])),
);

/** The spelling of a header a column is read as, or undefined. */
export function headerField(text: string): RosterField | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}

const KIND_LOOKUP = new Map<string, RosterKind>(
  (Object.entries(KINDS) as [RosterKind, string[]][]).flatMap(([kind, names]) => names.map((n) => [normalizeHeader(n), kind])),
);

const MOBILE = /^1[3-9]\d{9}$/;
const WECOM = /^[A-Za-z0-9_.@-]{1,64}$/;
const CODE = /^[a-z][a-z0-9-]*$/;
const EMAIL = z.email();
/** Bounds: a roster is a few hundred units; a cell is a name or an address. */
export const MAX_ROWS = 2000;
const MAX_CELL = 200;
/** Rows searched for the header, below the title rows. */
const HEADER_SEARCH_ROWS = 20;

interface Header {
  row: number;
  columns: Map<number, RosterField>;
}

function findHeader(grid: RosterGrid, problems: RosterProblem[]): Header | undefined {
  for (const r of grid.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const columns = new Map<number, RosterField>();
    const seen = new Map<RosterField, number>();
    const clashes: RosterProblem[] = [];
    for (const c of r.cells) {
      if (c.merged) continue;
      const field = headerField(c.text);
      if (!field) continue;
      const prior = seen.get(field);
      if (prior !== undefined) {
        clashes.push({
          at: cellRef(grid.sheet, c.col, r.row),
          zh: `表头“${c.text}”与 ${columnLetter(prior)} 列同指${FIELD_ZH[field]}，请只保留一列`,
        });
        continue;
      }
      seen.set(field, c.col);
      columns.set(c.col, field);
    }
    // A header names the unit and at least two other columns; a title row merged across the sheet names none.
    if (seen.has('name') && columns.size >= 3) {
      problems.push(...clashes);
      return { row: r.row, columns };
    }
  }
  problems.push({
    at: `${grid.sheet}!1`,
    zh: `前 ${HEADER_SEARCH_ROWS} 行中找不到表头：表头应有“单位名称”及“联系人”“手机”“邮箱”“分管领导”等列`,
  });
  return undefined;
}

/** Reads a roster; throws RosterError listing every problem (by sheet!cell) when any row is bad. */
export function readRoster(grid: RosterGrid): Roster {
  const problems: RosterProblem[] = [];
  const header = findHeader(grid, problems);
  if (!header) throw new RosterError(problems);
  const columnOf = new Map<RosterField, number>([...header.columns].map(([col, f]) => [f, col]));
  for (const needed of ['contact.name', 'leader.name'] as const)
    if (!columnOf.has(needed)) problems.push({ at: `${grid.sheet}!${header.row}`, zh: `表头缺少“${FIELD_ZH[needed]}”列` });

  const entries: RosterEntry[] = [];
  const byName = new Map<string, string>();
  const byCode = new Map<string, string>();
  const dataRows = grid.rows.filter((r) => r.row > header.row);
  if (dataRows.length > MAX_ROWS)
    throw new RosterError([{ at: `${grid.sheet}!${header.row + MAX_ROWS + 1}`, zh: `名册超过 ${MAX_ROWS} 行，不予导入` }]);

  for (const r of dataRows) {
    const values = new Map<RosterField, { text: string; ref: string }>();
    let mergedName = false;
    for (const c of r.cells) {
      const field = header.columns.get(c.col);
      if (!field) continue;
      if (c.merged) {
        if (field === 'name') mergedName = true;
        continue;
      }
      const text = c.text.normalize('NFKC').trim();
      if (text) values.set(field, { text, ref: cellRef(grid.sheet, c.col, r.row) });
    }
    if (values.size === 0) continue; // a blank row, or a row of merged cells only
    const at = (f: RosterField) => values.get(f)?.ref ?? cellRef(grid.sheet, columnOf.get(f) ?? 1, r.row);
    const problem = (f: RosterField, zh: string) => problems.push({ at: at(f), zh });
    const get = (f: RosterField) => values.get(f)?.text;
    for (const [f, v] of values) if (v.text.length > MAX_CELL) problem(f, `内容超过 ${MAX_CELL} 个字符`);

    const name = get('name');
    if (!name) {
      // A row under a unit cell merged down (a second contact of the same unit) is not a unit of its own.
      if (mergedName) continue;
      problem('name', '缺少单位名称');
      continue;
    }
    const prior = byName.get(name);
    if (prior) problem('name', `单位“${name}”重复（已在 ${prior} 出现）`);
    else byName.set(name, at('name'));

    const code = get('code');
    if (code !== undefined) {
      if (!CODE.test(code)) problem('code', `单位代码“${code}”只能用小写字母、数字和 -，以字母开头`);
      else if (byCode.has(code)) problem('code', `单位代码“${code}”重复（已在 ${byCode.get(code)} 出现）`);
      else byCode.set(code, at('code'));
    }
    let kind: RosterKind | undefined;
    const kindText = get('kind');
    if (kindText !== undefined) {
      kind = KIND_LOOKUP.get(normalizeHeader(kindText));
      if (!kind)
        problem(
          'kind',
          `单位类型“${kindText}”无法识别，应为${Object.values(KINDS)
            .map((k) => `“${k[0]}”`)
            .join('、')}之一`,
        );
    }

    const person = (role: 'contact' | 'leader'): RosterPerson => {
      const f = (k: 'name' | 'mobile' | 'email' | 'wecom') => `${role}.${k}` as RosterField;
      const p: RosterPerson = {};
      const n = get(f('name'));
      if (n) p.name = n;
      const mobile = get(f('mobile'));
      if (mobile !== undefined) {
        const digits = mobile.replace(/[\s-]/g, '').replace(/^\+?86/, '');
        if (MOBILE.test(digits)) p.mobile = digits;
        else problem(f('mobile'), `${FIELD_ZH[f('mobile')]}“${mobile}”不是 11 位手机号（应以 1 开头）`);
      }
      const email = get(f('email'));
      if (email !== undefined) {
        if (EMAIL.safeParse(email).success) p.email = email;
        else problem(f('email'), `${FIELD_ZH[f('email')]}“${email}”不是有效的电子邮箱地址`);
      }
      const wecom = get(f('wecom'));
      if (wecom !== undefined) {
        if (WECOM.test(wecom)) p.wecom = wecom;
        else problem(f('wecom'), `${FIELD_ZH[f('wecom')]}“${wecom}”应为 1 到 64 位字母、数字或 _-.@`);
      }
      return p;
    };
    const contact = person('contact');
    const leader = person('leader');
    const channels = (['mobile', 'email', 'wecom'] as const).filter((k) => values.has(`contact.${k}`));
    if (channels.length === 0) problem('name', `单位“${name}”没有任何联系方式（联系人手机、邮箱或企业微信账号至少填一项）`);
    else if (!values.has('contact.email')) problem('contact.email', `单位“${name}”缺少联系人邮箱（每个单位的联系人须有邮箱）`);
    if (kind !== 'recipient') {
      if (!contact.name && channels.length) problem('contact.name', `单位“${name}”缺少联系人姓名`);
      if (!leader.name) problem('leader.name', `单位“${name}”缺少分管领导`);
      else if (!values.has('leader.email')) problem('leader.email', `单位“${name}”缺少分管领导邮箱`);
    }
    const aliases = (get('aliases') ?? '')
      .split(/[、,，;；]/)
      .map((a) => a.trim())
      .filter(Boolean);
    entries.push({
      row: r.row,
      name,
      ...(get('fullName') ? { fullName: get('fullName') } : {}),
      ...(code && CODE.test(code) ? { code } : {}),
      ...(kind ? { kind } : {}),
      aliases,
      contact,
      leader,
    });
  }
  if (entries.length === 0 && problems.length === 0) problems.push({ at: `${grid.sheet}!${header.row + 1}`, zh: '表头下没有任何单位' });
  if (problems.length) throw new RosterError(problems);
  return { sheet: grid.sheet, entries, columns: new Set(header.columns.values()) };
}
