// `duban directory import` and `export`, run as an office runs them on its roster (通讯录).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'yaml';
import { duban } from '../helpers/processes';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-roster-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

type Row = (string | number | null)[];

/** A workbook as offices make them: a title row merged across the sheet, a date line, a blank row, then the header. */
async function roster(file: string, rows: Row[], opts: { sheet?: string; merges?: string[]; header?: Row } = {}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? '通讯录');
  ws.addRow(['江门市行政执法监督工作联络员名册']);
  ws.mergeCells('A1:H1');
  ws.addRow(['填报日期：2026年12月1日']);
  ws.addRow([]);
  ws.addRow(opts.header ?? ['序号', '单位名称', '联络员', '联系电话', '电子邮箱', '分管领导', '领导手机', '领导邮箱']);
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
}

const GOOD: Row[] = [
  [1, '市司法局', '张三', 13800000001, 'zhangsan@example.org', '李四', '13800000002', 'lisi@example.org'],
  [2, '市财政局', '王五', '138 0000 0003', 'wangwu@example.org', '赵六', null, 'zhaoliu@example.org'],
  [3, '台山市', '陈七', '13800000005', 'chenqi@example.org', '林八', '13800000006', 'linba@example.org'],
];

const run = (...args: string[]) => duban(['directory', ...args], {});

test('a roster with title rows, a blank row and its header in its own words becomes a new directory', async () => {
  const xlsx = path.join(dir, '通讯录.xlsx');
  const out = path.join(dir, 'directory.yaml');
  await roster(xlsx, GOOD);
  const r = await run('import', xlsx, '--out', out);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('新增单位：市财政局（代码 czj）');
  expect(r.stdout).toContain('新增单位：台山市（代码 tss）');
  expect(r.stdout).toContain(`已写入新目录 ${out}：单位 3 个，接收机关 0 个`);
  expect(r.stdout).toContain('提示：名册中没有“接收机关”行：本级政府暂填为 市司法局，请在目录中改正');
  const d = parse(fs.readFileSync(out, 'utf8'));
  expect(d.defaults).toEqual({ government: '市司法局', parentGovernment: '市司法局', judicialBureau: '市司法局', escalatesTo: '市司法局' });
  expect(d.units.map((u: { name: string; kind: string }) => [u.name, u.kind])).toEqual([
    ['市司法局', 'bureau'],
    ['市财政局', 'department'],
    ['台山市', 'county'],
  ]);
  // A mobile typed as a number or with spaces is read as its 11 digits; a blank leader mobile is simply absent.
  expect(d.units[0].contact).toEqual({ name: '张三', mobile: '13800000001', email: 'zhangsan@example.org' });
  expect(d.units[1].contact.mobile).toBe('13800000003');
  expect(d.units[1].leader).toEqual({ name: '赵六', email: 'zhaoliu@example.org' });
});

test('a unit cell merged down over a second contact row is one unit; merged title rows are skipped', async () => {
  const xlsx = path.join(dir, 'merged.xlsx');
  const out = path.join(dir, 'directory.yaml');
  await roster(
    xlsx,
    [
      ...GOOD.slice(0, 2),
      [3, '台山市', '陈七', '13800000005', 'chenqi@example.org', '林八', '13800000006', 'linba@example.org'],
      [null, null, '陈七的同事', '13800000007', 'colleague@example.org', null, null, null],
    ],
    { merges: ['B7:B8', 'A7:A8'] },
  );
  const r = await run('import', xlsx, '--out', out);
  expect(r.stderr).toBe('');
  const d = parse(fs.readFileSync(out, 'utf8'));
  expect(d.units).toHaveLength(3);
  expect(d.units[2].contact.name).toBe('陈七');
});

test('every kind of bad row is listed by sheet!cell, and nothing is written', async () => {
  const xlsx = path.join(dir, 'bad.xlsx');
  const out = path.join(dir, 'directory.yaml');
  await roster(
    xlsx,
    [
      ...GOOD,
      [4, '市教育局', '周九', '1380000000', 'zhoujiu@example.org', '吴十', '13800000010', 'wushi@example.org'],
      [5, '市公安局', '郑一', '13800000011', 'zhengyi@example', '冯二', '13800000012', 'fenger@example.org'],
      [6, '市财政局', '钱三', '13800000013', 'qiansan@example.org', '孙四', '13800000014', 'sunsi@example.org'],
      [7, '市民政局', '何五', null, null, '吕六', '13800000016', 'lvliu@example.org'],
    ],
    { sheet: '联络员' },
  );
  const r = await run('import', xlsx, '--out', out);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines[0]).toBe('错误：名册有 4 处问题，未导入，未写入任何文件：');
  expect(lines).toContain('联络员!D8：联系人手机“1380000000”不是 11 位手机号（应以 1 开头）');
  expect(lines).toContain('联络员!E9：联系人邮箱“zhengyi@example”不是有效的电子邮箱地址');
  expect(lines).toContain('联络员!B10：单位“市财政局”重复（已在 联络员!B6 出现）');
  expect(lines).toContain('联络员!B11：单位“市民政局”没有任何联系方式（联系人手机、邮箱或企业微信账号至少填一项）');
  expect(fs.existsSync(out)).toBe(false);
});

test('a roster without a header the import knows is refused with what the header should name', async () => {
  const xlsx = path.join(dir, 'noheader.xlsx');
  await roster(xlsx, GOOD, { header: ['序号', '名字', '号码', '地址'] });
  const r = await run('import', xlsx, '--out', path.join(dir, 'directory.yaml'));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('通讯录!1：前 20 行中找不到表头：表头应有“单位名称”及“联系人”“手机”“邮箱”“分管领导”等列');
});

test('merging into an existing directory updates and lists a changed contact, keeps comments and every unit', async () => {
  const out = path.join(dir, 'directory.yaml');
  fs.copyFileSync('plans/directory.yaml', out);
  const before = fs.readFileSync(out, 'utf8');
  const xlsx = path.join(dir, '通讯录.xlsx');
  await roster(xlsx, [
    [1, '市财政局', '市财政局联络员', '13912345678', 'czj-new@example.org', '市财政局分管领导', '19900000052', 'czj-leader@example.org'],
    [
      2,
      '新会区',
      '新会区联络员',
      '19900000303',
      'xinhui-contact@example.org',
      '新会区分管领导',
      '19900000304',
      'xinhui-leader@example.org',
    ],
    [3, '市档案馆', '钱某', '13800000021', 'daj@example.org', '孙某', '13800000022', 'daj-leader@example.org'],
  ]);
  const r = await run('import', xlsx, '--out', out);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('更新 市财政局 联系人手机：19900000051 → 13912345678');
  expect(r.stdout).toContain('更新 市财政局 联系人邮箱：czj-contact@example.org → czj-new@example.org');
  expect(r.stdout).toContain('新增单位：市档案馆（代码 dag）');
  expect(r.stdout).toMatch(/名册中没有、目录中保留的单位（29 个）：市司法局、市政府办公室、/);
  const after = fs.readFileSync(out, 'utf8');
  // Comments, key order and the units the roster does not name are as they were.
  expect(after).toContain('# Escalation chain of a unit: its contact (提醒)');
  expect(after).toContain('contact: { name: 市财政局联络员, email: czj-new@example.org, mobile: "13912345678" }');
  expect(after.split('\n').length).toBe(before.split('\n').length + 5);
  expect(parse(after).units).toHaveLength(parse(before).units.length + 1);

  // Again with --prune: the units the roster lacks are dropped, unless something else still names them.
  const pruned = await run('import', xlsx, '--out', out, '--prune');
  expect(pruned.code).toBe(2);
  expect(pruned.stderr).toMatch(/directory\.yaml:\d+ defaults\.judicialBureau: 未知的单位或接收机关 "市司法局"/);
  expect(fs.readFileSync(out, 'utf8')).toBe(after);
});

test('import → export → import gives the same directory, through .xlsx and through .csv', async () => {
  const first = path.join(dir, 'first.yaml');
  const r1 = await run('export', '--directory', 'plans/directory.yaml', '--xlsx', path.join(dir, 'a.xlsx'));
  expect(r1.stdout).toBe(`已导出 31 个单位到 ${path.join(dir, 'a.xlsx')}\n`);
  expect((await run('import', path.join(dir, 'a.xlsx'), '--out', first)).code).toBe(0);
  for (const format of ['xlsx', 'csv']) {
    const file = path.join(dir, `b.${format}`);
    const again = path.join(dir, `again-${format}.yaml`);
    expect((await run('export', '--directory', first, `--${format}`, file)).code).toBe(0);
    const r = await run('import', file, '--out', again);
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(first, 'utf8'));
  }
  // The exported roster merges into the directory it came from without a change.
  const copy = path.join(dir, 'directory.yaml');
  fs.copyFileSync('plans/directory.yaml', copy);
  const same = await run('import', path.join(dir, 'a.xlsx'), '--out', copy);
  expect(same.stdout).toBe(`${copy} 与名册一致，无需修改\n`);
  expect(fs.readFileSync(copy, 'utf8')).toBe(fs.readFileSync('plans/directory.yaml', 'utf8'));
});

test('without --out, the roster goes into the office directory named by DUBAN_DIRECTORY', async () => {
  const xlsx = path.join(dir, '通讯录.xlsx');
  const office = path.join(dir, 'office', 'directory.yaml');
  fs.mkdirSync(path.dirname(office));
  await roster(xlsx, GOOD);
  const r = await duban(['directory', 'import', xlsx], { DUBAN_DIRECTORY: office });
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain(`已写入新目录 ${office}：单位 3 个，接收机关 0 个`);
  const back = await duban(['directory', 'export', '--xlsx', path.join(dir, 'back.xlsx')], { DUBAN_DIRECTORY: office });
  expect(back.stdout).toBe(`已导出 3 个单位到 ${path.join(dir, 'back.xlsx')}\n`);
});

test('a CSV saved by Excel on Chinese Windows (GB18030) is read; a sheet that does not exist is named', async () => {
  const out = path.join(dir, 'directory.yaml');
  const r = await run('import', 'test/fixtures/roster/通讯录-gb18030.csv', '--out', out);
  expect(r.stderr).toBe('');
  expect(parse(fs.readFileSync(out, 'utf8')).units[1]).toMatchObject({
    name: '市财政局',
    contact: { name: '王五', mobile: '13800000003' },
  });
  await roster(path.join(dir, '通讯录.xlsx'), GOOD);
  const missing = await run('import', path.join(dir, '通讯录.xlsx'), '--sheet', '名单', '--out', path.join(dir, 'other.yaml'));
  expect(missing.code).toBe(2);
  expect(missing.stderr).toBe('错误：工作簿中没有名为“名单”的工作表（有：通讯录）\n');
});

test('--prune drops the units the roster does not name, and lists them', async () => {
  const xlsx = path.join(dir, '通讯录.xlsx');
  const out = path.join(dir, 'directory.yaml');
  await roster(xlsx, GOOD);
  expect((await run('import', xlsx, '--out', out)).code).toBe(0);
  await roster(xlsx, GOOD.slice(0, 2));
  const kept = await run('import', xlsx, '--out', out);
  expect(kept.stdout).toContain('提示：名册中没有、目录中保留的单位（1 个）：台山市（加 --prune 可删除）');
  const pruned = await run('import', xlsx, '--out', out, '--prune');
  expect(pruned.stderr).toBe('');
  expect(pruned.stdout).toBe(`删除单位：台山市（名册中没有）\n已合并到 ${out}：1 处变化\n`);
  expect(parse(fs.readFileSync(out, 'utf8')).units.map((u: { name: string }) => u.name)).toEqual(['市司法局', '市财政局']);
});
