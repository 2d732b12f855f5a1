// The board's charts (图表): the year at a glance (every round's deadline with its light), a round's daily
// progress, each unit's punctuality beside its 考核 score, and the escalation funnel of the year; each with the
// numbers behind it as a table, and a printable page of all four (A4 landscape) for the leadership meeting.
// SVG drawn on the server (web/charts); only for logged-in supervisors, as the rest of the board.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roundGroups, RoundGroup } from '../domain/charts/rounds';
import { roundProgress } from '../domain/charts/round-progress';
import { punctuality, PunctualitySort, PUNCTUALITY_SORTS, PUNCTUALITY_SORT_ZH } from '../domain/charts/punctuality';
import { escalationFunnel } from '../domain/charts/escalation-funnel';
import { yearTimeline } from '../domain/charts/year-timeline';
import { scoreUnits } from '../domain/scoring/score';
import type { ScoringRules } from '../domain/scoring/rules';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { ZONE } from '../domain/calendar/time';
import { DEFAULT_LADDER } from '../domain/calendar/ladder';
import { planScoringRules, roundFacts, RoundFacts } from '../client/chart-facts';
import { funnelChart, punctualityChart, roundProgressChart, yearTimelineChart } from './charts/options';
import { ChartCache } from './charts/svg';
import { ledgerDigest } from './charts/ledger-digest';
import { page, refusal } from './render';
import { askedPlan, boardLogin } from './board-session';
import { field } from './schemas';
import type { WebContext } from './context';

const chartsQuery = z.object(
  {
    plan: field('方案', 200).optional(),
    round: field('轮次', 400).optional(),
    sort: z.enum(PUNCTUALITY_SORTS, { error: `排序方式应为 ${PUNCTUALITY_SORTS.join('、')} 之一` }).optional(),
  },
  { error: '请求格式有误' },
);
type Query = z.infer<typeof chartsQuery>;
type Req = FastifyRequest<{ Querystring: Query }>;

const STYLESHEET = fs.readFileSync(path.join(__dirname, 'static', 'charts.css'));
const dayOf = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
/** A round in a link or the selector: its workflow id and duty. */
export const roundParam = (g: { round: string; dutyId: string }) => `${g.round}/${g.dutyId}`;
export const roundName = (g: { task: number; duty: string }) => `任务${g.task} · ${g.duty}`;

export function boardChartRoutes(app: FastifyInstance, ctx: WebContext): void {
  const charts = new ChartCache();
  /** Round start facts never change: each round's workflow is asked once (a bounded number kept). */
  const facts = new Map<string, Promise<RoundFacts | undefined>>();
  const factsOf = (g: RoundGroup) => {
    const key = roundParam(g);
    let found = facts.get(key);
    if (!found) {
      found = roundFacts(ctx.client, g.round, g.dutyId);
      facts.set(key, found);
      if (facts.size > 2000) facts.delete(facts.keys().next().value!);
      // Not answered: asked again a minute later (meanwhile the page uses the round's first 签收 or report).
      void found.then((f) => f ?? setTimeout(() => facts.delete(key), 60_000).unref());
    }
    return found;
  };

  const login = boardLogin(ctx);

  /**
   * What a page showed, kept per plan, round and order while the ledger tells nothing new and the minute is the same
   * (lights and rungs move with the clock): a reload or the printable page costs only the ledger's read.
   */
  const shown = new Map<string, { key: string; model: Awaited<ReturnType<typeof compute>> }>();
  const model = async (plan: string, q: Query) => {
    const [ledger, rules] = await Promise.all([ctx.ledger(plan), planScoringRules(ctx.client, plan)]);
    const now = ctx.now();
    const name = `${plan}|${q.round ?? ''}|${q.sort ?? ''}`;
    const key = `${Math.floor(now / 60_000)}|${JSON.stringify(rules)}|${ledgerDigest(ledger)}`;
    const kept = shown.get(name);
    if (kept?.key === key) return kept.model;
    const fresh = await compute(plan, q, ledger, rules, now);
    shown.delete(name);
    shown.set(name, { key, model: fresh });
    if (shown.size > 200) shown.delete(shown.keys().next().value!);
    return fresh;
  };

  /** Everything the chart pages show for a plan, as of now. */
  const compute = async (plan: string, q: Query, ledger: ObligationSnapshot[], rules: ScoringRules, now: number) => {
    const groups = roundGroups(ledger);
    const passed = groups.filter((g) => Date.parse(g.due) <= now);
    const chosen = groups.find((g) => roundParam(g) === q.round) ?? passed.at(-1) ?? groups[0];
    const nowDay = dayOf(now);
    const year = groups.length ? Number(groups[0].due.slice(0, 4)) : Number(nowDay.slice(0, 4));

    const start = chosen ? await factsOf(chosen) : undefined;
    const progress = chosen ? roundProgress(chosen.rows, start?.opens ?? fallbackOpening(chosen), chosen.due, now) : undefined;
    const sort: PunctualitySort = q.sort ?? 'score';
    const units = punctuality(scoreUnits(ledger, rules, now), sort);
    // The plan's ladder: every obligation of a plan has the same; read from the round shown (or the first).
    const ladder = (start ?? (groups[0] ? await factsOf(groups[0]) : undefined))?.ladder ?? DEFAULT_LADDER;
    // Working days on the arrangements the obligations follow (the rules carry them: client/plan-arrangements.ts).
    const funnel = escalationFunnel(ledger, now, { ...ladder, holidays: rules.holidays });
    const timeline = yearTimeline(ledger, now, groups, rules.holidays);

    const svg = {
      timeline: charts.svg(`${plan}|timeline`, yearTimelineChart(timeline, nowDay, year)),
      progress:
        chosen && progress ? charts.svg(`${plan}|progress|${roundParam(chosen)}`, roundProgressChart(progress, roundName(chosen))) : '',
      punctuality: charts.svg(`${plan}|punctuality|${sort}`, punctualityChart(units, PUNCTUALITY_SORT_ZH[sort])),
      funnel: charts.svg(`${plan}|funnel`, funnelChart(funnel)),
    };
    return {
      plan,
      year,
      at: now,
      rounds: groups.map((g) => ({ param: roundParam(g), name: roundName(g), due: g.due })),
      chosen: chosen && { param: roundParam(chosen), name: roundName(chosen), due: chosen.due },
      progress,
      changes: progress ? progress.days.filter((d, i, all) => i === 0 || i === all.length - 1 || differs(d, all[i - 1])) : [],
      units,
      sort,
      sorts: PUNCTUALITY_SORTS.map((s) => ({ value: s, label: PUNCTUALITY_SORT_ZH[s] })),
      funnel,
      timeline,
      svg,
    };
  };

  const chartsPage = (view: 'charts' | 'charts-print') => async (req: Req, reply: FastifyReply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const { plans, plan } = await askedPlan(ctx, user, req.query.plan);
    if (req.query.plan && plan !== req.query.plan) return refusal(reply, 404, '没有这个方案', `未找到方案 ${req.query.plan}。`);
    if (!plan) return page(reply, view, { user, plans, plan, m: undefined });
    const m = await model(plan, req.query);
    if (req.query.round && m.chosen?.param !== req.query.round)
      return refusal(reply, 404, '没有这个轮次', `方案 ${plan} 中没有轮次 ${req.query.round}。`);
    return page(reply, view, { user, plans, plan, m, roundParam });
  };

  app.get('/board/charts', { schema: { querystring: chartsQuery } }, chartsPage('charts'));
  app.get('/board/charts/print', { schema: { querystring: chartsQuery } }, chartsPage('charts-print'));
  app.get('/board/charts.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(STYLESHEET),
  );
}

const differs = (a: { submitted: number; accepted: number; overdue: number }, b: typeof a) =>
  a.submitted !== b.submitted || a.accepted !== b.accepted || a.overdue !== b.overdue;

/** When the round's workflow cannot say when it opened: its first 签收 or report, at most 30 days before its deadline. */
function fallbackOpening(g: RoundGroup): string {
  const seen = g.rows.flatMap((r) => [r.acknowledged?.at, r.submission?.at]).filter((x): x is string => !!x);
  const earliest = Math.min(Date.parse(g.due) - 30 * 86400_000, ...seen.map((s) => Date.parse(s)));
  return DateTime.fromMillis(earliest, { zone: ZONE }).toISO()!;
}
