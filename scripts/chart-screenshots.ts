// Takes the chart pages' pictures for docs/charts.md: the shipped plan's year simulated with a busy office's cast
// (built below; the real workflows on the time-skipping test server, as `duban simulate` runs them), then the board's own routes and
// pages on the ledger the simulation read at the end, the clock set to the year's end, in headless Chromium.
// Usage: node --import tsx scripts/chart-screenshots.ts [out-dir [ledger.json]]   (default docs/images; the ledger
// a run saved, printed at its end, spares the next run the simulation)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { loadPlanFromDisk } from '../client/plan-files';
import type { Cast } from '../simulation/cast';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/calendar/time';
import { simulate } from '../simulation/run';
import { timeSkippingEnv } from '../simulation/environment';
import { LocalReportStore } from '../store/local/report-store';
import { FileLinkVersions } from '../store/local/link-versions';
import { webContext } from '../web/context';
import { boardLoginRoutes } from '../web/board-login-routes';
import { boardChartRoutes } from '../web/board-chart-routes';
import { zodValidator } from '../web/schemas';
import { saveBoardUser, watchedBoardUsers } from '../config/board-users';
import { planRunSpec, PlanRunSpec } from '../domain/obligation/spec';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';

const PLAN_FILE = 'plans/jiangmen-2024.yaml';

/** A number in [0, 1) from a string, the same on every run. */
function unitInterval(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

/**
 * A year in a busy office, the same on every run: half the duties reported a few days early and accepted, some late,
 * some returned and reported again, some awaiting review at the year's end, a fifth never reported.
 */
function busyOffice(spec: PlanRunSpec): Cast {
  const cast: Cast = [];
  const at = (due: DateTime, days: number) => due.plus({ days }).set({ hour: 10, minute: 0 }).toFormat("yyyy-MM-dd'T'HH:mm");
  for (const o of spec.rounds.flatMap((r) => r.obligations)) {
    const due = DateTime.fromISO(o.due, { zone: ZONE });
    const who = { unit: o.unit, task: o.task, duty: o.dutyId };
    const figures = Object.fromEntries(o.targets.map((t) => [t.id, Math.round(t.value ?? 10)]));
    const submit = (days: number, text: string) =>
      cast.push({ at: at(due, days), action: 'submit', ...who, by: `${o.unit} 联络员`, text, figures });
    const accept = (days: number) => cast.push({ at: at(due, days), action: 'review', ...who, by: '市司法局 李科长', decision: 'accept' });
    const x = unitInterval(o.id);
    const n = Math.floor(unitInterval(`${o.id}#`) * 5);
    if (x < 0.5) {
      submit(-1 - n, '已按要求完成，报送落实情况。');
      accept(1 - n);
    } else if (x < 0.65) {
      submit(2 + n, '落实情况（逾期报送）。');
      accept(3 + n);
    } else if (x < 0.75) {
      submit(-3, '落实情况初稿。');
      cast.push({
        at: at(due, -2),
        action: 'review',
        ...who,
        by: '市司法局 李科长',
        decision: 'return',
        reason: '材料不全，请补充',
        newDue: due.plus({ days: 10 }).toISODate()!,
      });
      submit(5, '补充材料后的落实情况。');
      accept(6);
    } else if (x < 0.8) {
      submit(-2, '落实情况，待审核。');
    }
  }
  return cast.sort((a, b) => a.at.localeCompare(b.at));
}
const USER = { username: 'shot', name: '截图', password: 'screenshots only 0123' };

async function main(): Promise<void> {
  const out = process.argv[2] ?? 'docs/images';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-chart-shots-'));
  const loaded = loadPlanFromDisk(PLAN_FILE);
  const plan = planRunSpec(loaded).plan;
  const env = await timeSkippingEnv();
  const reports = new LocalReportStore(path.join(work, 'reports'));
  try {
    // A ledger saved by an earlier run (second argument) spares the simulation while the pictures are adjusted.
    const saved = process.argv[3];
    const result = saved
      ? { ledger: JSON.parse(fs.readFileSync(saved, 'utf8')) as ObligationSnapshot[] }
      : await simulate(loaded, busyOffice(planRunSpec(loaded)), {
          env,
          reports,
          taskQueue: 'chart-shots',
          sandbox: 'standard',
          progress: (l) => console.log(l),
        });
    fs.writeFileSync(path.join(work, 'ledger.json'), JSON.stringify(result.ledger));
    const end = Math.max(...result.ledger.map((r) => Date.parse(r.at)));
    console.log(`模拟完成：${result.ledger.length} 项报送事项，截至 ${new Date(end).toISOString()}`);

    // The board's own routes and pages, on a context whose ledger is the simulation's last read of the plan's
    // ledger (the finished workflows have no worker to answer queries any more) and whose clock is the year's end.
    const usersFile = path.join(work, 'board-users.yaml');
    saveBoardUser(usersFile, USER);
    const ctx = {
      ...webContext({
        client: env.client,
        plan,
        now: () => end,
        linkSecret: 'screenshots-link-secret-0123456789',
        linkVersions: new FileLinkVersions(path.join(work, 'unit-links.json')),
        sessionSecret: 'screenshots-session-secret-0123456789',
        users: watchedBoardUsers(usersFile),
        reports,
        taskQueue: 'chart-shots',
      }),
      ledger: async () => result.ledger,
    };
    const web = Fastify({ logger: false });
    web.setValidatorCompiler(zodValidator);
    await web.register(cookie);
    await web.register(formbody);
    web.get('/static/:file', async (req, reply) => {
      const file = (req.params as { file: string }).file;
      if (!['duban.css', 'duban.js'].includes(file)) return reply.code(404).send();
      return reply
        .type(file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript')
        .send(fs.readFileSync(path.join('web/static', file)));
    });
    await web.register(async (login) => boardLoginRoutes(login, ctx));
    await web.register(async (charts) => boardChartRoutes(charts, ctx));
    await web.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;
    await (async () => {
      const browser = await chromium.launch({
        executablePath: process.env.DUBAN_CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
        await page.goto(`${url}/board/charts`);
        await page.fill('input[name=username]', USER.username);
        await page.fill('input[name=password]', USER.password);
        await page.click('button[type=submit]');
        await page.waitForSelector('figure#chart-funnel svg');
        // Task 15's round (due 20 October, 25 units) shows more of a round's life than the year-end ones.
        await page.goto(`${url}/board/charts?plan=${encodeURIComponent(plan)}&round=${encodeURIComponent(`${plan}.t15.rectify/rectify`)}`);
        await page.screenshot({ path: path.join(out, 'charts-page.png') });
        for (const id of ['year', 'progress', 'punctuality', 'funnel']) {
          await page.locator(`section#${id}`).screenshot({ path: path.join(out, `chart-${id}.png`) });
        }
        // A table under its chart, opened.
        await page.locator('section#funnel details summary').click();
        await page.locator('section#funnel').screenshot({ path: path.join(out, 'chart-funnel-table.png') });
        await page.goto(`${url}/board/charts/print?plan=${encodeURIComponent(plan)}`);
        await page.emulateMedia({ media: 'print' });
        fs.writeFileSync(path.join(work, 'charts-print.pdf'), await page.pdf({ preferCSSPageSize: true, printBackground: true }));
        // The printout's first pages as pictures, when poppler's pdftoppm is at hand.
        const pdf = path.join(work, 'charts-print.pdf');
        const pages = spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', pdf, path.join(out, 'charts-print')]);
        if (pages.error) console.log('没有 pdftoppm：打印版未转为图片');
        console.log(`打印版 PDF：${path.join(work, 'charts-print.pdf')}；台账：${path.join(work, 'ledger.json')}`);
      } finally {
        await browser.close();
      }
    })();
    await web.close();
  } finally {
    await env.teardown();
  }
  console.log(`截图已保存到 ${out}`);
}

// Queries a round's workflow never answered (no worker) are still pending when the server goes: do not wait for them.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
