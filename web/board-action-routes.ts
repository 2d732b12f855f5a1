// What a supervisor does on the board: accept, return or extend an obligation, decide a unit's 延期申请, start a
// 回头看 on a round, and revoke a unit's links. Every action is made in the logged-in supervisor's name, which the
// obligation's timeline records; a refused one shows the obligation's page again with the reason.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { placeOfRow } from '../domain/obligation/ids';
import { chineseDate } from '../domain/notices/format';
import { extend, review } from '../client/operations';
import { lookBack } from '../client/look-back';
import { decideExtensionApplication } from '../client/extension-operations';
import { AppError } from '../client/errors';
import { revokeAndRelink } from '../client/unit-links';
import { page, refusal } from './render';
import type { WebContext } from './context';
import { sameSiteOnly } from './cross-site';
import { Action, refusalStatus } from './refusal-status';
import { boardLogin } from './board-session';
import { boardObligationPage, type BoardRequest as Req, type Form } from './board-obligation-page';
import { approveExtensionBody, emptyBody, extendBody, lookBackBody, refuseExtensionBody, returnBody, revokeLinksBody } from './schemas';

export function boardActionRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));
  const login = boardLogin(ctx);
  const obligationPage = boardObligationPage(ctx);

  /** An action on one obligation: done → back to its page with a message; refused → the page with the reason. */
  const action = (path: string, kind: Action, body: z.ZodType, run: (id: string, by: string, f: Form) => Promise<string>) =>
    app.post(path, { schema: { body }, attachValidation: true }, async (req: Req, reply) => {
      const user = login(req, reply);
      if (!user) return reply;
      if (req.validationError) return obligationPage(req, reply, user, { error: req.validationError.message, status: () => 400 });
      try {
        const msg = await run(req.params.id, user.name, req.body ?? {});
        return reply.redirect(`/board/o/${encodeURIComponent(req.params.id)}?msg=${encodeURIComponent(msg)}`);
      } catch (err) {
        if (err instanceof AppError)
          return obligationPage(req, reply, user, { error: err.message, status: (stage) => refusalStatus(kind, stage) });
        throw err;
      }
    });
  action(
    '/board/o/:id/accept',
    'review',
    emptyBody,
    async (id, by) => (await review(ctx.client, id, { by, decision: 'accept' }), '已审核通过（已办结）'),
  );
  action('/board/o/:id/return', 'review', returnBody, async (id, by, f) => {
    const s = await review(ctx.client, id, { by, decision: 'return', reason: f.reason ?? '', newDue: f.newDue ?? '' });
    return `已退回，新的截止时间 ${chineseDate(s.due)}`;
  });
  action('/board/o/:id/extend', 'extend', extendBody, async (id, by, f) => {
    const s = await extend(ctx.client, id, { by, newDue: f.newDue ?? '', reason: f.reason ?? '' });
    return `已延期至 ${chineseDate(s.due)}`;
  });

  // 延期申请: approve (the requested date, or the one typed instead) or refuse (with a reason); the unit is told.
  action('/board/o/:id/extension/approve', 'extend', approveExtensionBody, async (id, by, f) => {
    const s = await decideExtensionApplication(ctx.client, id, { by, approve: true, ...(f.due?.trim() ? { due: f.due } : {}) });
    return `已批准延期申请，截止时间延至 ${chineseDate(s.due)}`;
  });
  action('/board/o/:id/extension/refuse', 'extend', refuseExtensionBody, async (id, by, f) => {
    const s = await decideExtensionApplication(ctx.client, id, { by, approve: false, reason: f.reason ?? '' });
    return `已不予批准延期申请，截止时间仍为 ${chineseDate(s.due)}`;
  });

  app.post('/board/rounds/:round/look-back', { schema: { body: lookBackBody } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const f = req.body ?? {};
    const units = f.units === 'all' ? 'all' : f.units === 'named' ? splitNames(f.names) : 'late-or-returned';
    const back = (key: string, text: string) =>
      reply.redirect(`/board?${f.plan ? `plan=${encodeURIComponent(f.plan)}&` : ''}${key}=${encodeURIComponent(text)}`);
    try {
      const spec = await lookBack(ctx.client, req.params.round, { by: user.name, due: f.due ?? '', units }, ctx.taskQueue);
      return back('msg', `已发起回头看 ${spec.round}：${spec.obligations.length} 个单位，截止 ${chineseDate(spec.due)}`);
    } catch (err) {
      if (err instanceof AppError) return back('error', `回头看未发起：${err.message}`);
      throw err;
    }
  });

  // Revoking a unit's links: every link sent so far stops opening the portal; the page shows a new one
  // (valid for 30 days) to hand to the unit, and later notices carry new links by themselves.
  app.post('/board/units/:unit/revoke-links', { schema: { body: revokeLinksBody } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const unit = req.params.unit;
    const ledger = (await Promise.all((await ctx.plans(user)).map((p) => ctx.ledger(p)))).flat();
    const row = ledger.find((r) => placeOfRow(r).unitCode === unit);
    if (!row || req.body.unit !== unit) return refusal(reply, 404, '未找到单位', `正在运行的方案中没有单位 ${unit}。`);
    const base = ctx.publicUrl ?? `${req.protocol}://${req.headers.host}`;
    const { version, link } = await revokeAndRelink(ctx.linkVersions, unit, user.name, ctx.now(), base, ctx.linkSecret);
    return page(reply, 'links-revoked', { user, unitName: row.unit, unit, version, link });
  });
}

const splitNames = (s = '') =>
  s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
