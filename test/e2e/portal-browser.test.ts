// The people's side end to end, in headless Chromium: a unit opens the link from its captured reminder,
// acknowledges the duty (签收), submits a report and gets the receipt; the supervisor sees the unit's light change on the board and
// returns the report; the unit's page then shows the return reason.
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { obligationView } from '../../client/operations';
import { chineseDate, chineseDateTime } from '../../domain/notices/format';
import { startWebStack, SUPERVISOR, waitForMail, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { receiptId } from '../../domain/obligation/ids';
import { launchChromium, watchProblems } from '../helpers/browser';

const SHOTS = process.env.DUBAN_SCREENSHOTS; // a folder: the README's screenshots are taken here

let stack: WebStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startWebStack('portal-browser');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** What the browser refused to load or run on a page (the Content-Security-Policy must block nothing of ours). */
const blocked: string[] = [];
const watch = (page: Page) => watchProblems(page, blocked);
const styled = (page: Page) =>
  page
    .locator('header.top')
    .evaluate(
      (el) =>
        (el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display,
    );

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

test('a unit reports through its link, the supervisor sees it and returns it, the unit sees why', async () => {
  // The reminder to 甲局 carries its signed link.
  const link = await waitForMail(stack.smtp, (m) =>
    m.to && JSON.stringify(m.to).includes('jia@example.org') ? /href="([^"]+\/u\/jia\?t=[^"]+)"/.exec(String(m.html))?.[1] : undefined,
  );
  expect(link.startsWith(`${stack.url}/u/jia?t=`)).toBe(true);
  const id = `${stack.plan}.t1.cleanup.jia`;

  const board = watch(await browser.newPage());
  await board.goto(`${stack.url}/board`);
  await expect(styled(board)).resolves.toBe('flex'); // the local stylesheet loads under the CSP
  expect(board.url()).toContain('/board/login');
  await fillLogin(board, { ...SUPERVISOR, password: 'wrong password' });
  await expect(board.textContent('[role=alert]')).resolves.toBe('用户名或密码错误');
  await fillLogin(board, SUPERVISOR);
  const cell = board.locator('td[data-unit="甲局"][data-task="1"] a.dot').first();
  await expect(cell.getAttribute('class')).resolves.toBe('dot yellow unack'); // not acknowledged yet
  await expect(cell.getAttribute('data-stage')).resolves.toBe('open');

  // The unit's page: its duty, yellow, and the report form.
  const unit = watch(await browser.newPage());
  await unit.goto(link);
  await expect(styled(unit)).resolves.toBe('flex');
  await expect(unit.textContent('h1')).resolves.toBe('甲局 · 报送事项');
  const row = unit.locator(`tr[id="${id}"]`);
  await expect(row.textContent()).resolves.toContain('清理结果');
  await expect(row.textContent()).resolves.toContain('黄灯');
  await expect(unit.locator('tr[id*=".jia"]').count()).resolves.toBe(await unit.locator('tr[id]').count()); // only 甲局's duties
  await expect(row.locator('td.ack').textContent()).resolves.toBe('未签收');
  await row.locator('a.button').click();
  // 签收 first: the page names who acknowledged and when, and the report form stays (签收 does not replace it).
  await unit.fill('form.acknowledge input[name=by]', '王五');
  await unit.click('form.acknowledge button');
  await expect(unit.textContent('#acknowledged')).resolves.toMatch(
    /^已签收（王五（甲局），\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}）$/,
  );
  await expect(unit.locator('form.acknowledge').count()).resolves.toBe(0);
  for (let i = 0; i < 50 && (await board.locator('td[data-unit="甲局"][data-task="1"] a.dot.unack').count()) > 0; i++) {
    await board.waitForTimeout(200);
    await board.reload();
  }
  await expect(cell.getAttribute('class')).resolves.toBe('dot yellow'); // 已签收 on the board
  await expect(cell.getAttribute('title')).resolves.toMatch(/已签收 \d{4}年/);
  await unit.fill('form.report input[name=by]', '李四');
  await unit.fill('textarea[name=text]', '已完成清理工作，共清理文件 12 件。');
  await unit.setInputFiles('input[name=attachments]', {
    name: '清理清单.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 清理清单'),
  });
  await shot(unit, 'portal-form');
  await unit.click('form.report button[type=submit]');
  const receipt = await unit.textContent('#receipt');
  expect(receipt).toBe(receiptId(id, 1));
  await expect(unit.textContent('main')).resolves.toContain('附件 1 个');

  // The board shows the change (the ledger hears of it by signal: reload until it has).
  for (let i = 0; i < 50 && (await cell.getAttribute('data-stage')) !== 'submitted'; i++) {
    await board.waitForTimeout(200);
    await board.reload();
  }
  await expect(cell.getAttribute('class')).resolves.toBe('dot green');
  await expect(cell.textContent()).resolves.toBe('审');
  await shot(board, 'board');

  // Return it with a reason and a new deadline.
  await cell.click();
  await expect(board.textContent('pre.report-text')).resolves.toBe('已完成清理工作，共清理文件 12 件。');
  await expect(board.textContent('main')).resolves.toContain('清理清单.pdf');
  const newDue = new Date(Date.parse(stack.due) + 10 * 86400_000).toISOString().slice(0, 10);
  await board.fill('form[action$="/return"] textarea[name=reason]', '缺少清理文件目录，请补充后重新报送');
  await board.fill('form[action$="/return"] input[name=newDue]', newDue);
  await shot(board, 'board-obligation');
  await board.click('form[action$="/return"] button');
  await expect(board.textContent('[role=status]')).resolves.toBe(`已退回，新的截止时间 ${chineseDate(newDue)}`);
  await expect(board.textContent('#stage')).resolves.toBe('退回');
  await expect(board.textContent('table.timeline')).resolves.toContain(SUPERVISOR.name);
  await expect(board.textContent('#acknowledged')).resolves.toMatch(/^已签收（王五（甲局），/);

  const { state } = await obligationView(stack.env.client, id);
  expect(state.timeline.at(-1)).toMatchObject({ kind: 'returned', by: SUPERVISOR.name });

  // The unit's page shows the reason and the form again.
  await unit.goto(link);
  await expect(unit.locator(`tr[id="${id}"] .reason`).textContent()).resolves.toBe(
    `退回理由：缺少清理文件目录，请补充后重新报送；新截止 ${chineseDateTime(`${newDue}T23:59:59+08:00`)}`,
  );
  await expect(unit.locator(`tr[id="${id}"] td.stage`).textContent()).resolves.toBe('退回');
  await shot(unit, 'portal');
  expect(blocked.filter((m) => !m.includes('favicon') && !/status of 40[134]/.test(m))).toEqual([]); // nothing blocked by the CSP, no script error
  if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'link.txt'), link);
}, 180_000);
