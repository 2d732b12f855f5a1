// A new office, end to end in headless Chromium, as a new user would go: log in to the board, upload the units'
// roster (通讯录.xlsx) over the directory duban ships, upload the notice (.docx) with a duty due today, settle the
// review list, start the plan, and find each unit's first 提醒 in the inbox at the address the roster gave. No YAML
// file is touched by hand. The deadline is tonight: a late start's catch-up reminder goes at once when the next send
// time (09:00 on a working day) would pass the deadline, i.e. after 09:00 or on a day off; before 09:00 on a working
// day it waits for 09:00 and the test finds it queued in the worker's outbox for that instant instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Browser, Page } from 'playwright-core';
import { Document, Packer, Paragraph } from 'docx';
import { parse } from 'yaml';
import { DateTime } from 'luxon';
import { startWebStack, SUPERVISOR, waitForMail, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { dueToday } from '../helpers/due-today';
import { nextOfficeHour } from '../../domain/calendar/office-hours';
import { openStores } from '../../store/from-env';
import { terminateRunning } from '../helpers/terminate';
import { launchChromium, watchProblems } from '../helpers/browser';

const SHOTS = process.env.DUBAN_SCREENSHOTS; // a folder for the walkthrough's screenshots (docs/images/office-*.png)

const today = dueToday();
const year = today.year;
const planId = `office-${year}`;
/** The roster's own contacts: the first notices must reach these, not the shipped sample addresses. */
const CONTACTS = { 台山市: 'chen.ts@taishan.example.org', 开平市: 'li.kp@kaiping.example.org' };
let stack: WebStack;
let browser: Browser;
let work: string;
let directory: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-office-'));
  directory = path.join(work, 'office', 'directory.yaml');
  fs.mkdirSync(path.dirname(directory));
  fs.copyFileSync('plans/directory.yaml', directory); // what a fresh npm start works with
  process.env.DUBAN_DATA_DIR = path.join(work, 'data');
  process.env.DUBAN_DIRECTORY = directory;
  stack = await startWebStack('new-office');
  browser = await launchChromium(['--lang=zh-CN']);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (stack) {
    await terminateRunning(stack.env.client, `DubanPlan = '${planId}'`);
    await stack.stop();
  }
  delete process.env.DUBAN_DATA_DIR;
  delete process.env.DUBAN_DIRECTORY;
  fs.rmSync(work, { recursive: true, force: true });
});

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `office-${name}.png`), fullPage: true });
};

/** The office's roster as it keeps it in Excel: a merged title row, then the header, then one row per unit. */
async function rosterXlsx(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('通讯录');
  ws.addRow([`${year}年行政执法监督联络员名册`]);
  ws.mergeCells('A1:G1');
  ws.addRow(['单位名称', '联络员', '手机', '邮箱', '分管领导', '领导手机', '领导邮箱']);
  ws.addRow(['台山市', '陈联络', '13800000101', CONTACTS.台山市, '黄副市长', '13800000102', 'huang.ts@taishan.example.org']);
  ws.addRow(['开平市', '李联络', '13800000201', CONTACTS.开平市, '周副市长', '13800000202', 'zhou.kp@kaiping.example.org']);
  await wb.xlsx.writeFile(file);
  return file;
}

/**
 * The notice as the office wrote it in Word: issued ten days ago (a duty opens when its notice is issued, and only
 * a reminder of the ladder after that can be caught up), one duty of two units due today.
 */
async function noticeDocx(): Promise<Buffer> {
  const md = `${today.month}月${today.day}日`;
  const issued = DateTime.max(today.minus({ days: 10 }), today.startOf('year'));
  const lines = [
    `关于开展${year}年涉企行政执法问题整治情况报送工作的通知`,
    '台山市、开平市人民政府：',
    '现将有关工作安排通知如下，请认真贯彻落实。',
    '江门市司法局',
    `${year}年${issued.month}月${issued.day}日`,
    '一、工作安排',
    `（一）问题整治。台山市、开平市于${md}前将涉企行政执法问题整治情况报市司法局。`,
    '责任单位：台山市、开平市',
  ];
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

test('a new office: roster .xlsx and notice .docx uploaded on the board, the plan started, its first notices at the roster’s addresses', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  const problems: string[] = [];
  watchProblems(page, problems, /status of 4\d\d/);

  // 1. Log in.
  await page.goto(`${stack.url}/board`);
  expect(page.url()).toContain('/board/login');
  await shot(page, '1-login');
  await fillLogin(page, SUPERVISOR);

  // 2. The roster: its changes shown, then saved into the office's directory.
  await page.goto(`${stack.url}/board/roster`);
  await page.setInputFiles('input[name=roster]', await rosterXlsx(path.join(work, '通讯录.xlsx')));
  await page.click('#roster-upload button[type=submit]');
  const changes = (await page.locator('#roster-preview li').allTextContents()).join('\n');
  expect(changes).toContain(`更新 台山市 联系人邮箱：taishan-contact@example.org → ${CONTACTS.台山市}`);
  expect(changes).toContain(`${CONTACTS.开平市}`);
  await shot(page, '2-roster');
  await page.click('#roster-preview button[type=submit]');
  await expect(page.locator('#roster-saved').textContent()).resolves.toContain('已保存单位目录');
  const units = parse(fs.readFileSync(directory, 'utf8')).units as { name: string; contact: { email: string } }[];
  expect(units.find((u) => u.name === '台山市')?.contact.email).toBe(CONTACTS.台山市);

  // 3. The notice: drafted beside it, every point of the review list settled, saved as a plan file.
  await page.goto(`${stack.url}/board/import`);
  const docx = path.join(work, '整治情况报送通知.docx');
  fs.writeFileSync(docx, await noticeDocx());
  await page.setInputFiles('input[name=notice]', docx);
  await page.click('#import-upload button');
  await page.waitForURL(/\/board\/import\/[0-9a-f]{24}$/);
  await expect(page.locator('.task').count()).resolves.toBe(1);
  await page.locator('[name="id"]').fill(planId);
  await shot(page, '3-draft');
  for (const box of await page.locator('ol.review input[type=checkbox]').all()) if (!(await box.isChecked())) await box.check();
  const answered = page.waitForResponse((r) => /\/board\/import\/[0-9a-f]{24}$/.test(r.url()) && r.request().method() === 'POST');
  await page.click('p.save button');
  expect((await answered).status()).toBe(200);
  await page.waitForLoadState();
  await expect(page.textContent('#import-saved')).resolves.toContain(`${planId}.yaml`);
  const plan = parse(fs.readFileSync(path.join(work, 'data', 'plans', `${planId}.yaml`), 'utf8'));
  expect(plan.tasks[0].responsible).toEqual(['台山市', '开平市']);
  expect(plan.tasks[0].duties[0].due).toBe(today.toISODate());
  await shot(page, '4-saved');

  // 4. Start: the progress view counts up to done.
  await page.click('#start-form button');
  await page.waitForSelector('[data-progress][data-done="true"]', { timeout: 60_000 });
  await expect(page.textContent('#progress-state')).resolves.toContain('全部启动完成');
  await shot(page, '5-started');

  // 5. Each unit's first 提醒 at the address its roster row gave.
  const now = DateTime.now().setZone('Asia/Shanghai');
  const sendsAtOnce = nextOfficeHour(now).toMillis() > today.endOf('day').toMillis();
  if (sendsAtOnce) {
    for (const [unit, address] of Object.entries(CONTACTS)) {
      const mail = await waitForMail(stack.smtp, (m) =>
        stack.smtp.inbox(address).includes(m) && m.subject?.includes('提醒') ? m : undefined,
      );
      expect(mail.text).toContain(unit);
      expect(mail.subject).toContain('整治情况');
    }
  } else {
    // Before 09:00 on a working day: each catch-up 提醒 waits in the outbox for 09:00 today.
    const stores = await openStores({ DUBAN_DATA_DIR: stack.dataDir });
    try {
      for (let i = 0; (await stores.deliveries().outbox.depth(nextOfficeHour(now).toMillis())) < 2; i++) {
        if (i === 300) throw new Error('the first notices are not queued');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await stores.close();
    }
  }
  await page.goto(`${stack.url}/board?plan=${planId}`);
  await shot(page, '6-board');
  expect(problems).toEqual([]);
}, 240_000);
