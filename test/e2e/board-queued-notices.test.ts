// Honest state during a mail outage: an obligation's timeline on the board says 待发送 / 重试中 beside a notice while
// the worker's outbox still holds it, and drops the mark once the mail server has accepted it. Real dev server,
// worker, outbox and SMTP server (turning transactions away with 421 during the outage), board in Chromium.
import { Browser, Page } from 'playwright-core';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { launchChromium } from '../helpers/browser';

let stack: WebStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startWebStack('board-queued', { mailOutage: true });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The timeline's 事件 cells of an obligation's board page, read afresh. */
async function events(page: Page, url: string): Promise<string[]> {
  await page.goto(url);
  return page.locator('table.timeline tbody tr td:nth-child(2)').allTextContents();
}

/** Reloads until `ok` holds for the timeline's events (the sender works in the background). */
async function until(page: Page, url: string, ok: (e: string[]) => boolean, what: string): Promise<string[]> {
  for (let i = 0; ; i++) {
    const e = await events(page, url);
    if (ok(e)) return e;
    if (i === 120) throw new Error(`${what} not seen in 60 s; timeline: ${e.join(' | ')}`);
    await page.waitForTimeout(500);
  }
}

test('a reminder held by a mail outage shows 重试中 on the board until the mail server accepts it', async () => {
  const page = await browser.newPage();
  const url = `${stack.url}/board/o/${stack.plan}.t1.cleanup.jia`;
  await page.goto(url);
  await fillLogin(page, SUPERVISOR);

  // Due tonight: the first reminder is owed at once, handed to the outbox, and turned away by the mail server.
  const held = await until(page, url, (e) => e.some((x) => /^提醒 重试中（已尝试 \d+ 次）$/.test(x)), '提醒 重试中');
  expect(held.filter((x) => x.startsWith('提醒'))).toHaveLength(1);
  expect(stack.smtp.inbox('jia@example.org')).toHaveLength(0);

  stack.smtp.outage = false;
  const out = await until(page, url, (e) => e.includes('提醒'), '提醒 without a mark');
  expect(out.some((x) => x.includes('重试中') || x.includes('待发送') || x.includes('发送中'))).toBe(false);
  expect(stack.smtp.inbox('jia@example.org').map((m) => m.subject)).toEqual([expect.stringContaining('【提醒】')]);
}, 120_000);
