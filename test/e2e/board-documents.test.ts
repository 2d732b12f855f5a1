// The office's 公文 on a running stack: the board lists the plan's documents and downloads them (supervisors
// only, Chinese file names in RFC 5987 encoding) in headless Chromium; `duban doc` writes the same document under
// the same 发文字号; a document the step does not call for is refused in Chinese; bad requests are 4xx.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { openLoggedIn } from '../helpers/board-login';
import { duban } from '../helpers/processes';
import { docxText } from '../helpers/office';
import { launchChromium } from '../helpers/browser';

let stack: WebStack;
let browser: Browser;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-doc-cli-'));
beforeAll(async () => {
  stack = await startWebStack('board-documents');
  // The portal numbers documents in the store its environment names: the stack's data folder, as the CLI below.
  process.env.DUBAN_DATA_DIR = stack.dataDir;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  fs.rmSync(out, { recursive: true, force: true });
});

test('the board lists the plan’s documents and downloads them; the CLI writes the same under the same number', async () => {
  const round = `${stack.plan}.t1.cleanup`;
  const page = await browser.newPage({ acceptDownloads: true });
  const list = `${stack.url}/board/documents?plan=${encodeURIComponent(stack.plan)}`;
  await openLoggedIn(page, list, SUPERVISOR); // supervisors only: the login comes first
  await expect(page.locator('ul.plan a').allTextContents()).resolves.toEqual(['年度总结', '考核结果']);
  await expect(page.locator('ul.rounds a').allTextContents()).resolves.toEqual(['汇总 · 任务1 · 清理结果']);
  // Due tonight: nobody is overdue, so no 通报 and no 督办通知书 yet.
  await expect(page.locator('ul.obligations').count()).resolves.toBe(0);

  const download = async (text: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`a:text-is("${text}")`)]);
    const file = path.join(out, d.suggestedFilename());
    await d.saveAs(file);
    return { name: d.suggestedFilename(), content: fs.readFileSync(file) };
  };
  const compilation = await download('汇总 · 任务1 · 清理结果');
  expect(compilation.name).toBe('汇总-任务1-cleanup.docx');
  const text = (await docxText(compilation.content)).split('\n');
  expect(text.slice(0, 2)).toEqual(['测试司法局文件', '测试督〔' + stack.due.slice(0, 4) + '〕1号']);
  expect(text).toContain('应报2个单位，按时报送0个，逾期报送0个，未报送2个；经退回重报0个，延期0个。');
  const annual = await download('年度总结');
  expect(annual.name).toBe(`年度总结-${stack.plan}.docx`);
  expect((await docxText(annual.content)).split('\n')[1]).toBe('测试督〔' + stack.due.slice(0, 4) + '〕2号');

  // The same 汇总 from the CLI: the same number, written where --out says.
  const cli = {
    TEMPORAL_ADDRESS: stack.env.address,
    DUBAN_DATA_DIR: stack.dataDir,
    DUBAN_PAYLOAD_ENCRYPTION: 'off',
    DUBAN_ISSUER: '测试司法局',
  };
  const file = path.join(out, '汇总.docx');
  const r = await duban(['doc', '汇总', round, '--out', file], cli);
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe(`已生成汇总 测试督〔${stack.due.slice(0, 4)}〕1号：${file}`);
  expect((await docxText(fs.readFileSync(file))).split('\n')[1]).toBe(`测试督〔${stack.due.slice(0, 4)}〕1号`);

  // A 督办通知书 for an obligation that is not overdue is refused, in Chinese, by the CLI (exit 2) and the board (409).
  const refused = await duban(['doc', 'supervision', `${round}.jia`], cli);
  expect([refused.code, refused.stderr.trim()]).toEqual([2, expect.stringMatching(/^错误：.*未逾期未报，无需督办$/)]);
  const res = await page.request.get(`${stack.url}/board/documents/supervision/${round}.jia`, { headers: { accept: 'application/json' } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error).toMatch(/未逾期未报，无需督办$/);
  // An unknown kind and a malformed id are 400; an id of no running plan is 404.
  const unknownKind = await page.request.get(`${stack.url}/board/documents/memo/${round}`, { headers: { accept: 'application/json' } });
  expect(unknownKind.status()).toBe(400);
  const badId = await page.request.get(`${stack.url}/board/documents/circular/..%2Fetc`, { headers: { accept: 'application/json' } });
  expect(badId.status()).toBe(400);
  const other = await page.request.get(`${stack.url}/board/documents/annual/other-2026`, { headers: { accept: 'application/json' } });
  expect(other.status()).toBe(404);
  const unknownCli = await duban(['doc', '请示', round], cli);
  expect([unknownCli.code, unknownCli.stderr.trim()]).toEqual([
    2,
    expect.stringMatching(/^错误：未知的文书种类：请示（可选：督办通知书、通报/),
  ]);
}, 180_000);

test('a download needs a logged-in supervisor', async () => {
  const res = await fetch(`${stack.url}/board/documents/annual/${stack.plan}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toMatch(/^\/board\/login\?next=/);
});
