// The board's 通讯录 upload and 节假日安排 page on a running stack: supervisors only; a roster with bad rows is refused
// with every problem and nothing saved; a good one shows its changes before it is saved; uploads are bounded and
// checked by content; a year's arrangement entered on the page is checked, saved in calendar.yaml and told to the
// running obligations. In headless Chromium where a person would click.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Browser, Page } from 'playwright-core';
import { parse } from 'yaml';
import { obligationSpec } from '../../domain/contract/messages';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { openLoggedIn } from '../helpers/board-login';
import { duban } from '../helpers/processes';
import { launchChromium } from '../helpers/browser';

const SHOTS = process.env.DUBAN_SCREENSHOTS; // a folder: the pages' screenshots are taken here

let stack: WebStack;
let browser: Browser;
let folder: string;
let directory: string;
const before = process.env.DUBAN_DIRECTORY;
beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-board-roster-'));
  directory = path.join(folder, 'directory.yaml');
  process.env.DUBAN_DIRECTORY = directory; // where the board saves (read when its routes are registered)
  stack = await startWebStack('board-roster');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (before === undefined) delete process.env.DUBAN_DIRECTORY;
  else process.env.DUBAN_DIRECTORY = before;
  fs.rmSync(folder, { recursive: true, force: true });
});

async function roster(file: string, rows: (string | null)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('通讯录');
  ws.addRow(['某市行政执法监督联络员名册']);
  ws.mergeCells('A1:G1');
  ws.addRow(['单位名称', '联络员', '手机', '邮箱', '分管领导', '领导手机', '领导邮箱']);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

async function loggedIn(url: string): Promise<Page> {
  const page = await browser.newPage();
  await openLoggedIn(page, url, SUPERVISOR); // supervisors only: the login comes first
  return page;
}

test('a roster is refused with every bad row, or shown as changes and saved only when confirmed', async () => {
  const page = await loggedIn(`${stack.url}/board/roster`);
  const bad = await roster(path.join(folder, '有错的通讯录.xlsx'), [
    ['市司法局', '张三', '13800000001', 'zhangsan@example.org', '李四', '13800000002', 'lisi@example.org'],
    ['市财政局', '王五', '1380000000', 'wangwu@example', '赵六', null, 'zhaoliu@example.org'],
    ['市司法局', '钱七', '13800000007', 'qianqi@example.org', '孙八', null, 'sunba@example.org'],
  ]);
  await page.setInputFiles('input[name=roster]', bad);
  await page.click('#roster-upload button[type=submit]');
  const problems = await page.locator('#roster-problems li').allTextContents();
  expect(problems).toEqual([
    '通讯录!C4：联系人手机“1380000000”不是 11 位手机号（应以 1 开头）',
    '通讯录!D4：联系人邮箱“wangwu@example”不是有效的电子邮箱地址',
    '通讯录!A5：单位“市司法局”重复（已在 通讯录!A3 出现）',
  ]);
  expect(fs.existsSync(directory)).toBe(false);

  const good = await roster(path.join(folder, '通讯录.xlsx'), [
    ['市司法局', '张三', '13800000001', 'zhangsan@example.org', '李四', '13800000002', 'lisi@example.org'],
    ['市财政局', '王五', '13800000003', 'wangwu@example.org', '赵六', null, 'zhaoliu@example.org'],
  ]);
  await page.setInputFiles('input[name=roster]', good);
  await page.click('#roster-upload button[type=submit]');
  expect(await page.locator('#roster-preview li').allTextContents()).toEqual([
    '新增单位：市司法局（代码 sfj）',
    '新增单位：市财政局（代码 czj）',
  ]);
  expect(fs.existsSync(directory)).toBe(false); // shown, not saved
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'roster-preview.png'), fullPage: true });
  await page.click('#roster-preview button[type=submit]');
  await expect(page.locator('#roster-saved').textContent()).resolves.toContain('已保存单位目录（2 处变化）');
  expect(parse(fs.readFileSync(directory, 'utf8')).units.map((u: { name: string }) => u.name)).toEqual(['市司法局', '市财政局']);

  // A changed contact: listed, then saved; the directory's comments and order stay.
  fs.appendFileSync(directory, '# 本文件由通讯录导入\n');
  const changed = await roster(path.join(folder, '通讯录-新.xlsx'), [
    ['市财政局', '王五', '13900000003', 'wangwu@example.org', '赵六', null, 'zhaoliu@example.org'],
  ]);
  await page.setInputFiles('input[name=roster]', changed);
  await page.click('#roster-upload button[type=submit]');
  expect(await page.locator('#roster-preview li').allTextContents()).toEqual(['更新 市财政局 联系人手机：13800000003 → 13900000003']);
  await page.click('#roster-preview button[type=submit]');
  const saved = fs.readFileSync(directory, 'utf8');
  expect(saved).toContain('mobile: "13900000003"');
  expect(saved).toContain('# 本文件由通讯录导入');

  // The saved directory downloads as a roster with the import's header row.
  const download = await page.request.get(`${stack.url}/board/roster.xlsx`);
  expect(download.status()).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await download.body()) as unknown as ArrayBuffer);
  expect(wb.worksheets[0].getRow(1).getCell(1).text).toBe('单位名称');
  expect(wb.worksheets[0].getRow(3).getCell(7).text).toBe('13900000003');
  await page.close();
});

test('uploads are bounded and checked by content; a preview that was never shown cannot be saved; other sites cannot post', async () => {
  const page = await loggedIn(`${stack.url}/board/roster`);
  const post = (name: string, buffer: Buffer) =>
    page.request.post(`${stack.url}/board/roster`, {
      headers: { origin: stack.url },
      multipart: { roster: { name, mimeType: 'application/octet-stream', buffer } },
    });
  const tooLarge = await post('通讯录.xlsx', Buffer.alloc(6 * 1024 * 1024, 0x41));
  expect(tooLarge.status()).toBe(413);
  expect(await tooLarge.text()).toContain('文件超过 5 MB，未导入。');
  const notXlsx = await post('通讯录.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]));
  expect(notXlsx.status()).toBe(400);
  expect(await notXlsx.text()).toContain('无法读取名册文件：它不是有效的 Excel 工作簿（.xlsx）或 CSV 文件');
  const binary = await post('通讯录.csv', Buffer.from([0x00, 0x01, 0x02, 0xff]));
  expect(binary.status()).toBe(400);
  expect(await binary.text()).toContain('既不是 Excel 工作簿（.xlsx），也不是文本（.csv）');
  const exe = await post('通讯录.exe', Buffer.from('单位名称,联络员\n'));
  expect(exe.status()).toBe(415);
  const forged = await page.request.post(`${stack.url}/board/roster/save`, {
    headers: { origin: stack.url },
    form: { token: '0'.repeat(32) },
  });
  expect(forged.status()).toBe(409);
  const crossSite = await page.request.post(`${stack.url}/board/roster/save`, {
    headers: { origin: 'http://evil.example' },
    form: { token: '0'.repeat(32) },
  });
  expect(crossSite.status()).toBe(403);
  const anonymous = await fetch(`${stack.url}/board/roster`, { redirect: 'manual' });
  expect(anonymous.status).toBe(302);
  await page.close();
});

test('a year’s arrangement entered on the page is checked, saved beside the directory and told to running obligations', async () => {
  const page = await loggedIn(`${stack.url}/board/calendar?year=2027`);
  await expect(page.locator('#missing-2027').textContent()).resolves.toContain('2027 年还没有节假日安排');
  await page.fill('textarea[name=holidays]', '元旦 2027-01-01 至 2027-01-03\n春节 2027-02-12 至 2027-02-06\n国庆 2027年10月1日');
  await page.fill('input[name=workdays]', '2027-02-17');
  await page.click('#calendar-form button[type=submit]');
  expect(await page.locator('#calendar-problems li').allTextContents()).toEqual([
    '放假安排第 3 行“国庆 2027年10月1日”应写作：假期名称 开始日期 至 结束日期，如“春节 2027-02-06 至 2027-02-12”',
  ]);
  await page.fill('textarea[name=holidays]', '元旦 2027-01-01 至 2027-01-03\n春节 2027-02-12 至 2027-02-06');
  await page.click('#calendar-form button[type=submit]');
  expect(await page.locator('#calendar-problems li').allTextContents()).toEqual([
    '放假安排第 2 行：结束日期 2027-02-06 早于开始日期 2027-02-12',
    '调休上班日第 1 个：调休上班日 2027-02-17 是工作日（周三），应为周六或周日',
  ]);
  const calendar = path.join(folder, 'calendar.yaml');
  expect(fs.existsSync(calendar)).toBe(false);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'calendar-problems.png'), fullPage: true });

  await page.fill('textarea[name=holidays]', '元旦 2027-01-01 至 2027-01-03\n春节 2027-02-06 至 2027-02-12');
  await page.fill('input[name=workdays]', '2027-02-20');
  await page.click('#calendar-form button[type=submit]');
  const running = (await collect(stack)).length;
  expect(running).toBeGreaterThan(0);
  await expect(page.locator('#calendar-saved').textContent()).resolves.toBe(
    `已保存 2027 年节假日安排（放假 10 天，调休上班 1 天），并告知 ${running} 项正在运行的报送事项。`,
  );
  expect(await page.locator('#calendar-years tr[data-year="2027"] td').allTextContents()).toEqual(['2027', '10', '2027-02-20', '修改']);
  expect(parse(fs.readFileSync(calendar, 'utf8')).years[0].holidays[1]).toEqual({ name: '春节', from: '2027-02-06', to: '2027-02-12' });
  // Every running obligation now carries the arrangement in its ladder configuration.
  for (const id of await collect(stack)) {
    const spec = await stack.env.client.workflow.getHandle(id).query(obligationSpec);
    expect(spec.ladderConfig.holidays).toEqual([{ year: 2027, holidays: '0101-0103 0206-0212', workdays: '0220' }]);
  }
  await page.close();

  // The same from the command line, after the file was edited by hand: `duban calendar apply`.
  fs.writeFileSync(calendar, fs.readFileSync(calendar, 'utf8').replace('workdays: [2027-02-20]', 'workdays: [2027-02-20, 2027-02-21]'));
  const cli = { TEMPORAL_ADDRESS: stack.env.address, DUBAN_DATA_DIR: stack.dataDir, DUBAN_PAYLOAD_ENCRYPTION: 'off' };
  const r = await duban(['calendar', 'apply', '--plan', stack.plan, '--directory', directory], cli);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(`已把 2027 年的节假日安排告知方案 ${stack.plan} 的 ${running} 项报送事项\n`);
  for (const id of await collect(stack)) {
    const spec = await stack.env.client.workflow.getHandle(id).query(obligationSpec);
    expect(spec.ladderConfig.holidays).toEqual([{ year: 2027, holidays: '0101-0103 0206-0212', workdays: '0220-0221' }]);
  }
});

async function collect(s: WebStack): Promise<string[]> {
  const ids: string[] = [];
  const query = `DubanPlan = '${s.plan}' AND DubanKind IN ('obligation', 'lookback') AND ExecutionStatus = 'Running'`;
  for await (const wf of s.env.client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}
