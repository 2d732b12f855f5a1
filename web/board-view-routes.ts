// What the board shows: the tasks × units matrix with lights, counts per round and the overdue list, the ledger as
// XLSX, the assessment ranking, one obligation's record, and an attachment's download. Supervisors only; the
// actions on these pages are in web/board-action-routes.ts.
import type { FastifyInstance } from 'fastify';
import { boardModel, live } from '../domain/obligation/board';
import { describeRules } from '../domain/scoring/rules';
import { yearAtAGlance } from './charts/year-glance';
import { obligationView } from '../client/operations';
import { ledgerXlsx } from '../client/ledger-xlsx';
import { planScores } from '../client/plan-scores';
import { arrangedScoringRules } from '../client/plan-arrangements';
import { storedAttachment } from '../client/stored-reports';
import { page, refusal } from './render';
import type { WebContext } from './context';
import { sameSiteOnly } from './cross-site';
import { askedPlan, boardLogin, boardPlanRequest } from './board-session';
import { boardObligationPage, type BoardRequest as Req } from './board-obligation-page';
import { boardQuery } from './schemas';

export function boardViewRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const login = boardLogin(ctx);
  const planRequest = boardPlanRequest(ctx);
  const obligationPage = boardObligationPage(ctx);

  app.get('/board', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const { plans, plan } = await askedPlan(ctx, user, req.query.plan);
    if (!plan) return page(reply, 'board', { user, plans, plan, model: undefined, msg: req.query.msg });
    const [ledger, rules] = await Promise.all([ctx.ledger(plan), arrangedScoringRules(ctx.client, plan)]);
    const model = boardModel(ledger, ctx.now(), rules.holidays);
    const yearSvg = yearAtAGlance(plan, ledger, ctx.now(), rules.holidays);
    return page(reply, 'board', { user, plans, plan, model, yearSvg, msg: req.query.msg, error: req.query.error });
  });

  app.get('/board/ledger.xlsx', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const asked = await planRequest(req, reply, '台账');
    if (!asked) return reply;
    const { plan } = asked;
    const { rows, rules, units } = await planScores(ctx.client, plan, ctx.ledger(plan), ctx.now());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(`${plan}-台账.xlsx`)}`)
      .send(await ledgerXlsx(live(rows, ctx.now(), rules.holidays), units));
  });

  // The assessment ranking (考核排名): one row per unit, each opening its per-obligation breakdown.
  app.get('/board/scores', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const { plans, plan } = await askedPlan(ctx, user, req.query.plan);
    if (!plan) return page(reply, 'scores', { user, plans, plan, units: undefined });
    const { rules, units } = await planScores(ctx.client, plan, await ctx.ledger(plan), ctx.now());
    return page(reply, 'scores', { user, plans, plan, units, rules: describeRules(rules), at: ctx.now() });
  });

  app.get('/board/o/:id', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    return user ? obligationPage(req, reply, user) : reply;
  });

  app.get('/board/o/:id/attachments/:sha', async (req: Req, reply) => {
    if (!login(req, reply)) return reply;
    const view = await obligationView(ctx.client, req.params.id).catch(() => undefined);
    const found = await storedAttachment(ctx.reports, view, req.params.sha);
    if (!found) return refusal(reply, 404, '未找到附件', '该报送事项没有这个附件，或附件不在本机的报告库中。');
    return reply
      .type(found.attachment.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.attachment.filename)}`)
      .send(found.content);
  });
}
