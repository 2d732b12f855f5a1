// The supervisor board: login, the tasks × units matrix with lights, counts per round, the overdue list,
// one obligation's record with accept / return / extend and the unit's 延期申请, a 回头看 on a round, the ledger as XLSX, and
// revoking a unit's links. Every action is made in the logged-in supervisor's name, which the obligation's
// timeline records. Registered in its own scope: the cross-site check applies to these routes only.
import { deliveryLabel, noticeKeysOfTimeline } from '../domain/notices/delivery-state';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { boardModel, live } from '../domain/obligation/board';
import { yearAtAGlance } from './charts/year-glance';
import { placeOfRow } from '../domain/obligation/ids';
import { extend, lookBack, obligationView, review } from '../client/operations';
import { decideExtensionApplication } from '../client/extension-operations';
import { AppError, NotFound } from '../client/errors';
import { ledgerXlsx } from '../client/ledger-xlsx';
import { readScoringRules } from '../store/scoring-memo';
import { describeRules } from '../domain/scoring/rules';
import { scoreUnits } from '../domain/scoring/score';
import { reportLink } from '../store/links/signed-links';
import type { Stage } from '../domain/obligation/state';
import { page, refusal } from './render';
import { chineseDate } from '../domain/notices/format';
import { SESSION_COOKIE, SESSION_HOURS } from './auth/session';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceOf, deviceValue } from './auth/device';
import { verifyPassword } from '../config/passwords';
import type { BoardUser } from '../config/board-users';
import type { WebContext } from './context';
import { sameSiteOnly } from './cross-site';
import { Action, refusalStatus } from './refusal-status';
import {
  approveExtensionBody,
  boardQuery,
  emptyBody,
  extendBody,
  loginBody,
  loginQuery,
  lookBackBody,
  refuseExtensionBody,
  returnBody,
  revokeLinksBody,
} from './schemas';
import { reportOwner } from '../store/report-store';

type Form = Record<string, string | undefined>;
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined>; Body: Form }>;

/** Checked against when the username is unknown, so a wrong username takes as long as a wrong password. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function boardRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));

  const userOf = (req: FastifyRequest): BoardUser | undefined => {
    const name = ctx.sessions.user(req.cookies[SESSION_COOKIE], ctx.now(), (u) => ctx.users().find((x) => x.username === u)?.passwordHash);
    return name === undefined ? undefined : ctx.users().find((u) => u.username === name);
  };
  /** The logged-in supervisor, or a redirect to the login page already sent. */
  const login = (req: Req, reply: FastifyReply): BoardUser | undefined => {
    const user = userOf(req);
    if (!user) void reply.redirect(`/board/login?next=${encodeURIComponent(req.url)}`);
    return user;
  };
  const cookieOptions = (path: string, maxAge: number) => ({
    path,
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.secure,
    maxAge,
  });

  app.get('/board/login', { schema: { querystring: loginQuery } }, async (req: Req, reply) =>
    page(reply, 'login', { next: safeNext(req.query.next), error: undefined, username: '' }),
  );

  app.post('/board/login', { schema: { body: loginBody }, attachValidation: true }, async (req: Req, reply) => {
    const again = (status: number, error: string, username = '') =>
      page(reply, 'login', { next: safeNext(typeof req.body?.next === 'string' ? req.body.next : undefined), error, username }, status);
    if (req.validationError) return again(400, req.validationError.message);
    const { password = '' } = req.body;
    const username = (req.body.username ?? '').trim();
    const account = username.toLowerCase();
    const device = deviceOf(req.cookies[DEVICE_COOKIE], username, ctx.sessionSecret, ctx.now());
    // Counted before the password is checked: concurrent guesses cannot outrun the limit.
    const refused = ctx.throttle.admit(account, req.ip, device, ctx.now());
    if (refused) {
      const minutes = Math.max(1, Math.ceil(refused.retryAfterMs / 60_000));
      reply.header('retry-after', String(Math.ceil(refused.retryAfterMs / 1000)));
      const why =
        refused.scope === 'account'
          ? `该账号近期登录失败过多，暂停从新的浏览器登录，请 ${minutes} 分钟后再试（曾在本浏览器登录过的不受影响）`
          : `登录失败次数过多，请 ${minutes} 分钟后再试`;
      return again(429, why, username);
    }
    const user = ctx.users().find((u) => u.username === username);
    const ok = (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)) && !!user;
    if (!ok) return again(401, '用户名或密码错误', username);
    ctx.throttle.succeeded(account, req.ip, device);
    reply.setCookie(
      SESSION_COOKIE,
      ctx.sessions.open(user!.username, user!.passwordHash, ctx.now()),
      cookieOptions('/board', SESSION_HOURS * 3600),
    );
    if (!device)
      reply.setCookie(
        DEVICE_COOKIE,
        deviceValue(user!.username, ctx.sessionSecret, ctx.now()),
        cookieOptions('/board/login', DEVICE_DAYS * 86400),
      );
    return reply.redirect(safeNext(req.body.next));
  });

  app.post('/board/logout', { schema: { body: emptyBody } }, async (req, reply) => {
    ctx.sessions.close(req.cookies[SESSION_COOKIE]); // the cookie is worthless from now on, wherever a copy is
    return reply.clearCookie(SESSION_COOKIE, { path: '/board' }).redirect('/board/login');
  });

  app.get('/board', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const plans = await ctx.plans(user);
    const plan = req.query.plan && plans.includes(req.query.plan) ? req.query.plan : plans[0];
    if (!plan) return page(reply, 'board', { user, plans, plan, model: undefined, msg: req.query.msg });
    const ledger = await ctx.ledger(plan);
    const model = boardModel(ledger, ctx.now());
    const yearSvg = yearAtAGlance(plan, ledger, ctx.now());
    return page(reply, 'board', { user, plans, plan, model, yearSvg, msg: req.query.msg, error: req.query.error });
  });

  app.get('/board/ledger.xlsx', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const plans = await ctx.plans(user);
    const plan = req.query.plan ?? plans[0];
    if (!plan || !plans.includes(plan)) return refusal(reply, 404, '没有台账', plan ? `方案 ${plan} 不在运行中。` : '没有正在运行的方案。');
    const rows = live(await ctx.ledger(plan), ctx.now());
    const units = scoreUnits(rows, await readScoringRules(ctx.client, plan), ctx.now());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(`${plan}-台账.xlsx`)}`)
      .send(await ledgerXlsx(rows, units));
  });

  // The assessment ranking (考核排名): one row per unit, each opening its per-obligation breakdown.
  app.get('/board/scores', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const plans = await ctx.plans(user);
    const plan = req.query.plan && plans.includes(req.query.plan) ? req.query.plan : plans[0];
    if (!plan) return page(reply, 'scores', { user, plans, plan, units: undefined });
    const rules = await readScoringRules(ctx.client, plan);
    const units = scoreUnits(await ctx.ledger(plan), rules, ctx.now());
    return page(reply, 'scores', { user, plans, plan, units, rules: describeRules(rules), at: ctx.now() });
  });

  /** Beside each notice of the timeline: 待发送 / 重试中 while the worker's outbox still holds it (no label if unknown). */
  const queuedLabels = async (id: string, timeline: { kind: string; note?: string }[], sent: string[]) => {
    const lookup = ctx.queuedNotice;
    if (!lookup) return [];
    return Promise.all(
      noticeKeysOfTimeline(timeline, sent).map((key) =>
        key
          ? lookup(`${id}/${key}`).then(deliveryLabel, () => undefined) // the store away: the page still shows
          : undefined,
      ),
    );
  };

  /** One obligation's page; after a refusal, its status depends on the stage the obligation is in now. */
  const obligationPage = async (
    req: Req,
    reply: FastifyReply,
    user: BoardUser,
    extra: { error?: string; status?: (stage: Stage) => number } = {},
  ) => {
    try {
      const view = await obligationView(ctx.client, req.params.id);
      const reports = await Promise.all(view.state.submissions.map((s) => (s.report ? readReport(ctx, s.report) : undefined)));
      const deliveries = await queuedLabels(req.params.id, view.state.timeline, view.state.sent);
      const values = typeof req.body === 'object' && req.body ? req.body : {};
      return page(
        reply,
        'obligation',
        { user, view, unitCode: view.spec.unitCode, reports, deliveries, msg: req.query.msg, error: extra.error, values },
        extra.status?.(view.state.stage) ?? 200,
      );
    } catch (err) {
      if (err instanceof NotFound) return refusal(reply, err.httpStatus, '未找到报送事项', err.message);
      throw err;
    }
  };

  app.get('/board/o/:id', { schema: { querystring: boardQuery } }, async (req: Req, reply) => {
    const user = login(req, reply);
    return user ? obligationPage(req, reply, user) : reply;
  });

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

  app.get('/board/o/:id/attachments/:sha', async (req: Req, reply) => {
    if (!login(req, reply)) return reply;
    const view = await obligationView(ctx.client, req.params.id).catch(() => undefined);
    const sub = view?.state.submissions.find((s) => s.report?.attachments.some((x) => x.sha256 === req.params.sha));
    const applied = view?.state.extensions?.find((e) => e.attachment?.sha256 === req.params.sha)?.attachment;
    const a = sub?.report?.attachments.find((x) => x.sha256 === req.params.sha) ?? applied;
    // A report filed for several duties keeps its attachments once, with the first of them; an application's
    // attachment is kept with its obligation.
    const owner = sub?.report ? reportOwner(sub.report) : applied ? view!.spec.id : undefined;
    const content = owner && a ? await ctx.reports.attachmentIfStored(owner, a) : undefined;
    if (!a || !content) return refusal(reply, 404, '未找到附件', '该报送事项没有这个附件，或附件不在本机的报告库中。');
    return reply
      .type(a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .send(content);
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
    const version = await ctx.linkVersions.revoke(unit, user.name, ctx.now());
    const base = ctx.publicUrl ?? `${req.protocol}://${req.headers.host}`;
    const link = reportLink(base, unit, new Date(ctx.now()).toISOString(), ctx.linkSecret, { version });
    return page(reply, 'links-revoked', { user, unitName: row.unit, unit, version, link });
  });
}

const splitNames = (s = '') =>
  s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Only paths on the board itself, so a login link cannot send anyone elsewhere. */
function safeNext(next?: string): string {
  return typeof next === 'string' && /^\/board(\/|\?|$)/.test(next) ? next : '/board';
}

/** A stored report's text (undefined when the store on this machine does not have it). */
async function readReport(ctx: WebContext, ref: Parameters<WebContext['reports']['read']>[0]): Promise<{ text: string } | undefined> {
  try {
    return JSON.parse(await ctx.reports.read(ref));
  } catch {
    return undefined;
  }
}
