// The board's charts at province scale (run by hand; figures go to BENCHMARKS.md): a ledger of about 10,000
// obligations (the shipped plan's rounds repeated for 24 cities, each city's units their own), in states a plan
// has in mid-November (accepted, late, overdue at every rung, returned, cancelled, still open), and the time the
// chart pages take beyond reading the ledger: each chart's data, its SVG drawn (first request), and again with the
// SVG kept (the next requests while the ledger is unchanged); then the whole page over HTTP (see overHttp).
//   node --import tsx scripts/bench/charts.ts
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import type { Client } from '@temporalio/client';
import { loadPlanFromDisk } from '../../client/plan-files';
import { webContext } from '../../web/context';
import { boardChartRoutes } from '../../web/board-chart-routes';
import { zodValidator } from '../../web/schemas';
import { SESSION_COOKIE } from '../../web/auth/session';
import { FileLinkVersions } from '../../store/local/link-versions';
import { openingSnapshot, placed, ObligationSnapshot } from '../../domain/obligation/snapshot';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { isoAt } from '../../domain/calendar/time';
import { roundGroups } from '../../domain/charts/rounds';
import { roundProgress } from '../../domain/charts/round-progress';
import { punctuality } from '../../domain/charts/punctuality';
import { escalationFunnel } from '../../domain/charts/escalation-funnel';
import { yearTimeline } from '../../domain/charts/year-timeline';
import { scoreUnits } from '../../domain/scoring/score';
import { scoringRules } from '../../domain/scoring/rules';
import { ChartCache } from '../../web/charts/svg';
import { ledgerDigest } from '../../web/charts/ledger-digest';
import { funnelChart, punctualityChart, roundProgressChart, yearTimelineChart } from '../../web/charts/options';

const CITIES = Number(process.env.BENCH_CITIES) || 24;
const NOW = Date.parse('2024-11-15T10:00:00+08:00');
const DAY = 86400_000;

/** A number in [0, 1) from a string, the same on every run. */
function unitInterval(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

function rowOf(o: ObligationSpec, city: number): ObligationSnapshot {
  const id = city === 0 ? o.id : o.id.replace(o.plan, `${o.plan}-c${city}`);
  const base = placed(openingSnapshot({ ...o, id, unit: city === 0 ? o.unit : `${city}市${o.unit}` }, o.opens), o);
  const row: ObligationSnapshot = { ...base, id, round: city === 0 ? base.round : base.round!.replace(o.plan, `${o.plan}-c${city}`) };
  const due = Date.parse(o.due);
  const x = unitInterval(id);
  const report = (atMs: number) => ({
    receipt: `HZ-${id}-1`,
    at: isoAt(atMs),
    by: '王某',
    excerpt: '报告',
    figures: {},
    onTime: atMs <= due,
  });
  if (due > NOW) return x < 0.3 ? { ...row, stage: 'submitted', submission: report(NOW - 3 * DAY) } : row;
  if (x < 0.6) return { ...row, stage: 'accepted', submission: report(due - 2 * DAY), at: isoAt(due + DAY) };
  if (x < 0.75) return { ...row, stage: 'submitted', submission: report(due + 4 * DAY), at: isoAt(due + 4 * DAY) };
  if (x < 0.85) return { ...row, stage: 'overdue', light: 'red', level: 1 + Math.floor(unitInterval(`${id}!`) * 3) };
  if (x < 0.95) return { ...row, stage: 'returned', due: isoAt(NOW + 10 * DAY), submission: report(due - DAY) };
  return { ...row, stage: 'cancelled' };
}

const time = <T>(fn: () => T): [T, number] => {
  const t0 = process.hrtime.bigint();
  const r = fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
};
const ms = (n: number) => `${n.toFixed(0)} ms`;

const spec = planRunSpec(loadPlanFromDisk('plans/jiangmen-2024.yaml'));
const ledger: ObligationSnapshot[] = [];
for (let city = 0; city < CITIES; city++) for (const r of spec.rounds) for (const o of r.obligations) ledger.push(rowOf(o, city));

const charts = new ChartCache();
function page() {
  const [groups, tGroups] = time(() => roundGroups(ledger));
  const chosen = groups.filter((g) => Date.parse(g.due) <= NOW).at(-1)!;
  const [progress, tProgress] = time(() => roundProgress(chosen.rows, chosen.rows[0].at, chosen.due, NOW));
  const [units, tUnits] = time(() => punctuality(scoreUnits(ledger, scoringRules(), NOW)));
  const [funnel, tFunnel] = time(() => escalationFunnel(ledger, NOW));
  const [timeline, tTimeline] = time(() => yearTimeline(ledger, NOW));
  const [, sProgress] = time(() => charts.svg('progress', roundProgressChart(progress, `任务${chosen.task}`)));
  const [, sUnits] = time(() => charts.svg('punctuality', punctualityChart(units)));
  const [, sFunnel] = time(() => charts.svg('funnel', funnelChart(funnel)));
  const [, sTimeline] = time(() => charts.svg('timeline', yearTimelineChart(timeline, '2024-11-15', 2024)));
  return {
    data: { rounds: tGroups, progress: tProgress, punctuality: tUnits, funnel: tFunnel, timeline: tTimeline },
    svg: { progress: sProgress, punctuality: sUnits, funnel: sFunnel, timeline: sTimeline },
    sizes: { rounds: groups.length, units: units.length, days: progress.days.length },
  };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const show = (label: string, r: ReturnType<typeof page>) =>
  console.log(
    `${label}: data ${ms(sum(r.data))} (${Object.entries(r.data)
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(', ')}); SVG ${ms(sum(r.svg))} (${Object.entries(r.svg)
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(', ')}); total ${ms(sum(r.data) + sum(r.svg))}`,
  );

console.log(`ledger: ${ledger.length} obligations, ${new Set(ledger.map((r) => r.unit)).size} units`);
const first = page();
console.log(`rounds ${first.sizes.rounds}, units ${first.sizes.units}, days of the round shown ${first.sizes.days}`);
show('first request (SVG drawn)', first);
show('next request (SVG kept)', page());
show('third request (SVG kept)', page());
// A reload while the ledger and the minute are unchanged: the page's data is kept too, checked by the ledger's digest.
for (let i = 0; i < 3; i++) console.log(`ledger digest (a reload with nothing new): ${ms(time(() => ledgerDigest(ledger))[1])}`);

// The whole page over HTTP, as the board answers it (the charts' route, its HTML with the tables of 744 units and
// 480 rounds): the plan's ledger is the one built above and the plan workflow does not answer (default scoring rules,
// a round's opening from its rows); reading the ledger from Temporal is what scripts/bench/province.ts measures.
async function overHttp(): Promise<void> {
  const user = { username: 'bench', name: '测试', passwordHash: 'scrypt$bench' };
  const silent = {
    workflow: {
      getHandle: () => ({ describe: async () => Promise.reject(new Error('none')), query: async () => Promise.reject(new Error('none')) }),
    },
  };
  const base = webContext({
    client: silent as unknown as Client,
    plan: spec.plan,
    now: () => NOW,
    linkSecret: 'bench-link-secret-0123456789',
    linkVersions: new FileLinkVersions(path.join(os.tmpdir(), 'duban-bench-charts-links.json')),
    sessionSecret: 'bench-session-secret-0123456789',
    users: [user],
    reports: undefined as never,
  });
  const ctx = { ...base, ledger: async () => ledger };
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(zodValidator);
  await app.register(cookie);
  await app.register(async (charts) => boardChartRoutes(charts, ctx));
  const cookieHeader = `${SESSION_COOKIE}=${ctx.sessions.open(user.username, user.passwordHash, NOW)}`;
  for (const label of ['first page (SVG drawn)', 'reload (page kept)', 'another order (sort=missing)', 'printable page']) {
    const url = label.startsWith('another')
      ? '/board/charts?sort=missing'
      : label.startsWith('printable')
        ? '/board/charts/print'
        : '/board/charts';
    const t0 = process.hrtime.bigint();
    const res = await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader } });
    const took = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`HTTP ${label}: ${res.statusCode}, ${(res.body.length / 1024).toFixed(0)} KB, ${ms(took)}`);
  }
  await app.close();
}
void overHttp();
