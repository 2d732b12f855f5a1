// Takes the README's screenshots from a running `npm start` (board, inbox, a unit's portal page) in
// headless Chromium. Usage: node --import tsx scripts/screenshots.ts [out-dir]; reads the board login
// from the data folder, ports from the same variables as npm start.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { dataDir } from '../config/paths';

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs/screenshots';
  const web = `http://localhost:${Number(process.env.DUBAN_WEB_PORT) || 8080}`;
  const inbox = `http://localhost:${Number(process.env.DUBAN_MAIL_WEB_PORT) || 1080}`;
  const login = fs.readFileSync(path.join(dataDir(), 'board-initial-password.txt'), 'utf8');
  const [, username, password] = /用户名 (\S+)\n密码 (\S+)/.exec(login)!;
  const browser = await chromium.launch({
    executablePath: process.env.DUBAN_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${web}/board`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.screenshot({ path: path.join(out, 'board.png') });

    await page.goto(inbox);
    await page.waitForSelector('text=提醒', { timeout: 30_000 });
    await page.locator('text=【提醒】').first().click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(out, 'inbox.png') });

    // A unit's page, through the link in the newest reminder's HTML.
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const link = await frame?.locator('a[href*="/u/"]').first().getAttribute('href');
    if (link) {
      await page.goto(link);
      await page.screenshot({ path: path.join(out, 'portal.png') });
    }
  } finally {
    await browser.close();
  }
  console.log(`截图已保存到 ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
