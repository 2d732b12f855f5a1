// The board's charts in headless Chromium on a running stack: the four SVG charts are on the page, drawn on the
// server and shown under the pages' Content-Security-Policy, and their numbers (written on the charts and in the
// tables under them) are the ledger's, before and after a unit reports and the report is accepted; a round or
// plan that does not exist is a 404 in Chinese; the printable page prints on A4 landscape.
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { review, submit } from '../../client/operations';
import { planLedgerOf } from '../../client/plan-runs';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { escalationFunnel } from '../../domain/charts/escalation-funnel';
import { DEFAULT_SCORING } from '../../domain/scoring/rules';
import { DEFAULT_LADDER } from '../../domain/calendar/ladder';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { openLoggedIn } from '../helpers/board-login';
import { launchChromium, watchProblems } from '../helpers/browser';

const SHOTS = process.env.DUBAN_SCREENSHOTS; // a folder: the chart pages' screenshots are taken here

let stack: WebStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startWebStack('board-charts');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const blocked: string[] = [];
const watch = (page: Page) => watchProblems(page, blocked);

/** Waits until the plan's ledger shows `id` in `stage` (the plan hears of changes by signal). */
async function ledgerWith(id: string, stage: ObligationSnapshot['stage']): Promise<ObligationSnapshot[]> {
  for (let i = 0; i < 150; i++) {
    const rows = await planLedgerOf(stack.env.client, stack.plan);
    if (rows.find((r) => r.id === id)?.stage === stage) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${id} never ${stage} in the plan's ledger`);
}

/** The texts an SVG chart writes. */
const svgTexts = (page: Page, figure: string) => page.locator(`figure#${figure} svg text`).allTextContents();
const cells = async (page: Page, row: string) => (await page.locator(`${row} td`).allTextContents()).map((t) => t.trim());

test('the four charts show the ledger, follow it as reports arrive, and print on A4 landscape', async () => {
  const round = `${stack.plan}.t1.cleanup`;
  const jia = `${round}.jia`;
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  const charts = `${stack.url}/board/charts?plan=${encodeURIComponent(stack.plan)}&round=${encodeURIComponent(`${round}/cleanup`)}`;
  await openLoggedIn(page, charts, SUPERVISOR); // supervisors only: the login comes first

  // Every chart is an SVG drawn on the server, with an accessible name.
  for (const [figure, name] of [
    ['chart-year', '全年轮次截止时间与红黄绿灯'],
    ['chart-progress', '任务1 · 清理结果进度'],
    ['chart-punctuality', '各单位按时报送情况与考核得分'],
    ['chart-funnel', '全年督办层级漏斗'],
  ]) {
    await expect(page.locator(`figure#${figure} svg[role=img]`).getAttribute('aria-label')).resolves.toBe(name);
  }
  await expect(page.locator('figure#chart-year svg text', { hasText: '年全年一览' }).count()).resolves.toBe(1);

  // Nothing reported yet: the round's two units owe their reports, the legend says so.
  await expect(page.textContent('#progress-total')).resolves.toBe('2');
  expect(await svgTexts(page, 'chart-progress')).toEqual(expect.arrayContaining(['已报送 0', '已办结 0', '逾期未报 0']));
  // The year's rounds, each with its deadline and light, as the ledger has them (due today: yellow).
  let ledger = await planLedgerOf(stack.env.client, stack.plan);
  const rounds = [...new Set(ledger.map((r) => r.id.slice(0, r.id.lastIndexOf('.'))))];
  await expect(page.locator('#data-year tbody tr').count()).resolves.toBe(rounds.length);
  await expect(page.locator(`#data-year tr[data-round="${round}/cleanup"]`).getAttribute('data-light')).resolves.toBe('yellow');
  expect((await cells(page, `#data-year tr[data-round="${round}/cleanup"]`)).slice(1, 7)).toEqual([stack.due, '黄灯', '2', '0', '2', '0']);

  // 甲局 reports; the plan's ledger hears of it; the charts show it (the cached SVG is drawn again).
  await submit(stack.env.client, jia, { by: '李四', text: '已完成清理工作。' });
  ledger = await ledgerWith(jia, 'submitted');
  await page.reload();
  expect(await svgTexts(page, 'chart-progress')).toEqual(expect.arrayContaining(['已报送 1', '已办结 0', '逾期未报 0']));
  await expect(page.textContent('#progress-submitted')).resolves.toBe('1');
  // Punctuality: 甲局 on time (scored +onTime), 乙局 still owing before the deadline.
  expect(await cells(page, '#data-punctuality tr[data-unit="甲局"]')).toEqual([
    '1',
    '甲局',
    '1',
    '0',
    '0',
    '0',
    String(DEFAULT_SCORING.onTime),
  ]);
  expect(await cells(page, '#data-punctuality tr[data-unit="乙局"]')).toEqual(['2', '乙局', '0', '0', '0', '1', '0']);
  const punctualityTexts = await svgTexts(page, 'chart-punctuality');
  expect(punctualityTexts).toEqual(expect.arrayContaining(['甲局', '乙局', String(DEFAULT_SCORING.onTime)]));
  // Sorted on the server by the column asked for.
  await page.goto(`${charts}&sort=unit`);
  await expect(
    page.locator('#data-punctuality tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit'))),
  ).resolves.toEqual(['甲局', '乙局'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
  await page.goto(`${charts}&sort=onTime`);
  await expect(page.locator('#data-punctuality tbody tr').first().getAttribute('data-unit')).resolves.toBe('甲局');

  // The funnel: each rung as the ledger and the plan's ladder give it, on the chart and in its table.
  const funnel = escalationFunnel(ledger, Date.now(), { ...DEFAULT_LADDER, sendAt: '00:00' }); // the stack's plan: the default ladder at midnight;
  const funnelTexts = await svgTexts(page, 'chart-funnel');
  for (const rung of funnel) {
    expect(funnelTexts).toContain(`${rung.rung}：${rung.obligations} 项`);
    expect((await cells(page, `#data-funnel tr[data-rung="${rung.rung}"]`))[1]).toBe(String(rung.obligations));
  }
  expect(funnel[0].obligations).toBeGreaterThanOrEqual(2); // both units were reminded before the deadline
  expect(funnel[1].obligations).toBe(0); // nobody is overdue yet

  // Accepted: 已办结 1.
  await review(stack.env.client, jia, { by: SUPERVISOR.name, decision: 'accept' });
  await ledgerWith(jia, 'accepted');
  await page.goto(charts);
  expect(await svgTexts(page, 'chart-progress')).toEqual(expect.arrayContaining(['已报送 1', '已办结 1', '逾期未报 0']));
  expect((await cells(page, `#data-year tr[data-round="${round}/cleanup"]`)).slice(6, 7)).toEqual(['1']);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'charts-e2e.png'), fullPage: true });

  // The board's page of the plan shows the year at a glance too, with the same rounds and lights.
  await page.goto(`${stack.url}/board?plan=${encodeURIComponent(stack.plan)}`);
  await expect(page.locator('figure#chart-year svg[role=img]').getAttribute('aria-label')).resolves.toBe('全年轮次截止时间与红黄绿灯');
  expect(await svgTexts(page, 'chart-year')).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+月\d+日$/)]));

  // A round or plan that does not exist: 404 in Chinese, not a crash; a bad sort: 400.
  const missingRound = await page.goto(`${stack.url}/board/charts?plan=${encodeURIComponent(stack.plan)}&round=nope/nope`);
  expect(missingRound?.status()).toBe(404);
  await expect(page.textContent('main')).resolves.toContain('没有这个轮次');
  expect((await page.goto(`${stack.url}/board/charts?plan=nope`))?.status()).toBe(404);
  expect((await page.goto(`${charts}&sort=random`))?.status()).toBe(400);

  // The printable page: all four charts, their tables open, A4 landscape.
  await page.goto(`${stack.url}/board/charts/print?plan=${encodeURIComponent(stack.plan)}`);
  await expect(page.locator('svg[role=img]').count()).resolves.toBe(4);
  await expect(page.locator('details[open]').count()).resolves.toBe(4);
  await expect(page.locator('header.top').count()).resolves.toBe(0);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
  expect(boxes.length).toBeGreaterThanOrEqual(4); // the charts go on pages of their own
  for (const [w, h] of boxes) {
    expect(Math.round(w)).toBe(842); // 297 mm
    expect(Math.round(h)).toBe(595); // 210 mm
  }
  if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'charts-print.pdf'), pdf);

  expect(blocked.filter((m) => !m.includes('favicon') && !/status of 40[0134]/.test(m))).toEqual([]); // nothing blocked by the CSP
}, 180_000);
