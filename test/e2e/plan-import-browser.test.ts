// 导入方案 end to end in headless Chromium: a supervisor logs in, uploads a notice (.docx) with two units the
// directory does not know and a duty without a date, saves (plan check's problems show at their fields), picks the
// suggested unit for one phrase and adds the other as a new unit, sets the date, accepts the rest, saves the plan
// file, starts it, and watches the progress view finish while the plan's workflows run on the dev server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Document, Packer, Paragraph } from 'docx';
import { parse } from 'yaml';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { dueToday } from '../helpers/due-today';
import { httpFrom, sessionFrom } from '../helpers/http-from';
import { saveBoardUser } from '../../config/board-users';
import { launchChromium, watchProblems } from '../helpers/browser';

const IP = '127.0.0.1';
const OTHER_PASSWORD = 'another board password';
const SHOTS = process.env.DUBAN_SCREENSHOTS; // a folder: docs/images takes the walkthrough's screenshots from here

const year = dueToday().year;
const planId = `import-${year}`;
let stack: WebStack;
let browser: Browser;
let work: string;
let directory: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-import-'));
  directory = path.join(work, 'office', 'directory.yaml');
  fs.mkdirSync(path.dirname(directory));
  fs.copyFileSync('test/fixtures/notices/directory.yaml', directory);
  // Read when the board's routes are registered: the import's data folder and the office directory.
  process.env.DUBAN_DATA_DIR = path.join(work, 'data');
  process.env.DUBAN_DIRECTORY = directory;
  stack = await startWebStack('plan-import-browser');
  browser = await launchChromium(['--lang=zh-CN']);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (stack) {
    for await (const wf of stack.env.client.workflow.list({ query: `DubanPlan = '${planId}' AND ExecutionStatus = 'Running'` }))
      await stack.env.client.workflow
        .getHandle(wf.workflowId)
        .terminate('test done')
        .catch(() => undefined);
    await stack.stop();
  }
  delete process.env.DUBAN_DATA_DIR;
  delete process.env.DUBAN_DIRECTORY;
});

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

/** A notice as an office writes it in Word: 市应急局 and 市城管局 are not in the directory, 及时 sets no date. */
async function noticeDocx(): Promise<Buffer> {
  const lines = [
    `关于印发${year}年行政执法案卷评查工作方案的通知`,
    '各县(市、区)司法局，市直有关单位：',
    `现将《${year}年行政执法案卷评查工作方案》印发给你们，请认真贯彻落实。`,
    '江门市司法局',
    `${year}年1月5日`,
    `${year}年行政执法案卷评查工作方案`,
    '一、工作安排',
    '（一）自查自纠。各县(市、区)政府于12月30日前完成自查，自查报告报市司法局。',
    '责任单位：各县(市、区)政府',
    '（二）集中评查。评查结果及时报送市政府办公室。',
    '责任单位：市应急局、市城管局',
  ];
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
/** Saves the form and waits for the page the server answers with; its status. */
const save = async (page: Page) => {
  const answered = page.waitForResponse((r) => /\/board\/import\/[0-9a-f]{24}$/.test(r.url()) && r.request().method() === 'POST');
  await page.click('p.save button');
  const status = (await answered).status();
  await page.waitForLoadState();
  return status;
};
const errorsAt = (page: Page, id: string) => page.locator(`[id="f-${id}"] .field-error`).allTextContents();

test('from a notice .docx to a running plan: upload, settle every point, save, start, progress', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const problems: string[] = [];
  watchProblems(page, problems, /status of 4\d\d/);

  await page.goto(`${stack.url}/board/import`);
  expect(page.url()).toContain('/board/login'); // supervisors only
  await fillLogin(page, SUPERVISOR);
  await page.goto(`${stack.url}/board`);
  await page.click('a:has-text("导入方案")');
  expect(page.url()).toBe(`${stack.url}/board/import`);

  const docx = path.join(work, '案卷评查方案.docx');
  fs.writeFileSync(docx, await noticeDocx());
  await page.setInputFiles('input[name=notice]', docx);
  await shot(page, 'plan-import-upload');
  await page.click('#import-upload button');
  await page.waitForURL(/\/board\/import\/[0-9a-f]{24}$/);
  const importUrl = page.url();

  // The notice beside the draft: the lines the tasks came from are marked, the review list names every point.
  await expect(page.locator('.nl.mark').count()).resolves.toBeGreaterThanOrEqual(4);
  await expect(page.locator('.task').count()).resolves.toBe(2);
  const review = await page.locator('ol.review li').allTextContents();
  expect(review.some((r) => r.includes('“市应急局”') && r.includes('市应急管理局'))).toBe(true);
  expect(review.some((r) => r.includes('“市城管局”'))).toBe(true);
  expect(review.some((r) => r.includes('未规定时限（及时）'))).toBe(true);
  const points = review.length;
  await expect(page.textContent('#open-count')).resolves.toBe(String(points));
  await shot(page, 'plan-import-draft');

  // Saving with points open: kept, checked, and plan check's problems at their fields.
  await field(page, 'id').fill(planId);
  await field(page, 'tasks[1].duties[0].to').fill('市档案馆');
  await expect(save(page)).resolves.toBe(422);
  await expect(page.textContent('#import-checked')).resolves.toContain(`还有 ${points} 项待确认事项`);
  expect((await errorsAt(page, 'tasks[1].duties[0].to')).join()).toContain('市档案馆');
  expect((await errorsAt(page, 'tasks[1].responsible')).join()).toContain('市应急局');
  await shot(page, 'plan-import-problems');

  // A reload loses nothing: the edits are kept on the server.
  await page.goto(importUrl);
  await expect(field(page, 'id').inputValue()).resolves.toBe(planId);
  await expect(field(page, 'tasks[1].duties[0].to').inputValue()).resolves.toBe('市档案馆');

  // Settle: the suggested unit for one phrase, a new unit for the other, the missing date, the recipient back.
  const units = await page.locator('.card.unknown strong').allTextContents();
  const k = (name: string) => units.indexOf(name);
  await field(page, `units[${k('市应急局')}]`).selectOption('市应急管理局');
  await field(page, `units[${k('市城管局')}]`).selectOption('+新增');
  await field(page, `units[${k('市城管局')}].contact`).fill('城管局联络员');
  await field(page, `units[${k('市城管局')}].email`).fill('不是邮箱');
  await field(page, 'tasks[1].duties[0].to').fill('市政府办公室');
  await field(page, 'tasks[1].duties[0].due').fill(`${year}-12-28`);
  for (const box of await page.locator('ol.review input[type=checkbox]').all()) if (!(await box.isChecked())) await box.check();
  await expect(save(page)).resolves.toBe(422);
  expect((await errorsAt(page, `units[${k('市城管局')}].email`)).join()).toContain('电子邮箱');
  await field(page, `units[${k('市城管局')}].email`).fill('cg@example.org');
  await expect(save(page)).resolves.toBe(200);
  await expect(page.textContent('#import-saved')).resolves.toContain(`${planId}.yaml`);
  await expect(page.textContent('#open-count')).resolves.toBe('0');
  await shot(page, 'plan-import-saved');

  // The plan file in the data folder, the new unit in the office directory.
  const planFile = path.join(work, 'data', 'plans', `${planId}.yaml`);
  const plan = parse(fs.readFileSync(planFile, 'utf8'));
  expect(plan.tasks[1].responsible).toEqual(['市应急管理局', '市城管局']);
  expect(plan.tasks[1].duties[0].due).toBe(`${year}-12-28`);
  const office = parse(fs.readFileSync(directory, 'utf8'));
  expect(office.units.find((u: { name: string }) => u.name === '市城管局').contact).toEqual({
    name: '城管局联络员',
    email: 'cg@example.org',
  });
  const download = await page.request.get(`${importUrl}/plan.yaml`);
  expect(download.status()).toBe(200);
  expect(await download.text()).toBe(fs.readFileSync(planFile, 'utf8'));

  // Only a 管理员 starts a plan: a 只读 or 督查员 account gets a Chinese 403, another office's 管理员 a 404 (the
  // import is not revealed); nothing starts.
  const cookies = await Promise.all(
    [
      { username: 'reader', name: '只读员', offices: '*' as const, role: '只读' as const },
      { username: 'checker', name: '督查员甲', offices: ['江门市司法局'], role: '督查员' as const },
      { username: 'other-admin', name: '乙管理员', offices: ['乙市司法局'], role: '管理员' as const },
    ].map(
      (u) => (saveBoardUser(stack.usersFile, { ...u, password: OTHER_PASSWORD }), sessionFrom(IP, stack.url, u.username, OTHER_PASSWORD)),
    ),
  );
  const startAs = (cookie: string) =>
    httpFrom(IP, `${importUrl}/start`, {
      method: 'POST',
      body: '',
      headers: { cookie, origin: stack.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    });
  for (const [cookie, status, says] of [
    [cookies[0], 403, '您的账号角色为“只读”，不能进行此项操作'],
    [cookies[1], 403, '您的账号角色为“督查员”，不能进行此项操作'],
    [cookies[2], 404, '页面不存在'],
  ] as const) {
    const refused = await startAs(cookie);
    expect([refused.status, refused.body.includes(says)]).toEqual([status, true]);
  }
  await expect(stack.env.client.workflow.count(`DubanPlan = '${planId}'`)).resolves.toMatchObject({ count: 0 });
  await page.reload();
  await expect(page.locator('#start-form button').count()).resolves.toBe(1); // still to be started

  // Start from the page; the progress view counts the workflows up to done.
  await page.click('#start-form button');
  await page.waitForSelector('[data-progress][data-done="true"]', { timeout: 60_000 });
  await expect(page.textContent('#progress-state')).resolves.toContain('全部启动完成');
  const progress = await (await page.request.get(`${importUrl}/progress.json`)).json();
  expect(progress.done).toBe(true);
  expect(progress.obligations.total).toBeGreaterThanOrEqual(4);
  await shot(page, 'plan-import-started');

  // The plan's workflows run on the server, 市城管局's among them.
  const running = async (q: string) =>
    (await stack.env.client.workflow.count(`DubanPlan = '${planId}' AND ${q} AND ExecutionStatus = 'Running'`)).count;
  await expect(running(`DubanKind = 'obligation'`)).resolves.toBe(progress.obligations.total);
  await expect(running(`DubanKind = 'round'`)).resolves.toBe(progress.rounds.total);
  await expect(running(`DubanKind = 'plan'`)).resolves.toBe(1);
  const ids: string[] = [];
  for await (const wf of stack.env.client.workflow.list({ query: `DubanPlan = '${planId}' AND DubanKind = 'obligation'` }))
    ids.push(wf.workflowId);
  expect(ids.some((id) => id.startsWith(`${planId}.t2.`))).toBe(true);

  // A second start is refused in Chinese; a form from another site is refused before anything runs.
  const again = await page.request.post(`${importUrl}/start`, { headers: { origin: stack.url }, form: {} });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain(`方案 ${planId} 已在运行，未重复启动`);
  const forged = await page.request.post(`${importUrl}/start`, { headers: { origin: 'http://evil.example' }, form: {} });
  expect(forged.status()).toBe(403);
  // A body with a field the form does not have: a Chinese 400, nothing saved.
  const odd = await page.request.post(importUrl, { headers: { origin: stack.url }, form: { 'tasks[9].duties[0].due': '2026-01-01' } });
  expect(odd.status()).toBe(400);
  expect(await odd.text()).toContain('无法识别的字段');
  await page.goto(`${stack.url}/board/import`);
  // A text file renamed to .docx is refused by its content, nothing kept.
  await page.setInputFiles('input[name=notice]', {
    name: '假通知.docx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('这不是Word文件'),
  });
  const refused = page.waitForResponse((r) => r.url().endsWith('/board/import') && r.request().method() === 'POST');
  await page.click('#import-upload button');
  expect((await refused).status()).toBe(422);
  await expect(page.textContent('[role=alert]')).resolves.toContain('内容与扩展名 .docx 不符');
  await expect(page.locator('table.imports tbody tr').count()).resolves.toBe(1); // only the notice imported above

  // Another type, and a file over 20 MB, are refused in Chinese.
  const upload = (name: string, buffer: Buffer) =>
    page.request.post(`${stack.url}/board/import`, {
      headers: { origin: stack.url },
      multipart: { notice: { name, mimeType: 'application/octet-stream', buffer } },
    });
  const xls = await upload('通讯录.xls', Buffer.from('x'));
  expect(xls.status()).toBe(422);
  expect(await xls.text()).toContain('不支持的文件类型“.xls”');
  const big = await upload('大通知.docx', Buffer.alloc(21 * 1024 * 1024, 1));
  expect(big.status()).toBe(413);
  expect(await big.text()).toContain('通知文件超过 20 MB，未导入');

  // Pasted text is drafted the same way.
  await page.fill('textarea[name=text]', fs.readFileSync('test/fixtures/notices/broken-dates.txt', 'utf8'));
  await page.click('#import-upload button');
  await page.waitForURL(/\/board\/import\/[0-9a-f]{24}$/);
  await expect(page.locator('.task').count()).resolves.toBe(4);
  await expect(page.textContent('.notice h2')).resolves.toContain('粘贴的文字');
  // Logged out, the import is out of reach.
  await page.click('header.top .logout button');
  await page.goto(importUrl);
  expect(page.url()).toContain('/board/login');
  expect(problems).toEqual([]);
}, 240_000);
