// The supervisor board: login, the tasks × units matrix with lights, counts per round, the overdue list,
// one obligation's record with accept / return / extend, a 回头看 on a round, and the ledger as XLSX.
// Every action is made in the logged-in supervisor's name, which the obligation's timeline records.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boardModel, live, roundOf } from '../domain/obligation/board';
import { extend, lookBack, obligationView, review } from '../client/operations';
import { UserError } from '../client/user-error';
import { ledgerXlsx } from '../client/ledger-xlsx';
import { page, refusal } from './render';
import { SESSION_COOKIE, sessionUser, sessionValue } from './auth/session';
import { verifyPassword } from '../config/passwords';
import type { BoardUser } from '../config/board-users';
import type { WebContext } from './context';
import { LOCK_MINUTES, LoginFailures } from './auth/login-failures';

type Form = Record<string, string | undefined>;
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined>; Body: Form }>;

export function boardRoutes(app: FastifyInstance, ctx: WebContext): void {
  const failures = new LoginFailures();
  const userOf = (req: FastifyRequest): BoardUser | undefined => {
    const name = sessionUser(req.cookies[SESSION_COOKIE], ctx.sessionSecret, ctx.now());
    return ctx.users.find((u) => u.username === name);
  };
  /** The logged-in supervisor, or a redirect to the login page already sent. */
  const login = (req: Req, reply: FastifyReply): BoardUser | undefined => {
    const user = userOf(req);
    if (!user) void reply.redirect(`/board/login?next=${encodeURIComponent(req.url)}`);
    return user;
  };
  // Forms post only from the board's own pages (the cookie is SameSite=Strict as well).
  app.addHook('preHandler', async (req, reply) => {
    const origin = req.headers.origin;
    if (req.method !== 'POST' || !req.url.startsWith('/board') || !origin) return;
    const host = URL.canParse(origin) ? new URL(origin).host : 'invalid';
    // Behind a proxy the public address (DUBAN_PORTAL_URL) is the board's own too.
    if (host !== req.headers.host && host !== ctx.publicHost) return refusal(reply, 403, '请求被拒绝', '表单只能从督查看板页面提交。');
  });

  app.get('/board/login', async (req: Req, reply) => page(reply, 'login', { next: safeNext(req.query.next), error: undefined, username: '' }));

  app.post('/board/login', async (req: Req, reply) => {
    const { username = '', password = '' } = req.body ?? {};
    const key = username.trim().toLowerCase();
    if (failures.blocked(key, ctx.now())) {
      return page(reply, 'login', { next: safeNext(req.body?.next), error: `登录失败次数过多，请 ${LOCK_MINUTES} 分钟后再试`, username }, 429);
    }
    const user = ctx.users.find((u) => u.username === username.trim());
    // Always run the hash check, so a wrong username takes as long as a wrong password.
    const ok = (await verifyPassword(password, user?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')) && !!user;
    if (!ok) {
      failures.add(key, ctx.now());
      return page(reply, 'login', { next: safeNext(req.body?.next), error: '用户名或密码错误', username }, 401);
    }
    failures.clear(key);
    reply.setCookie(SESSION_COOKIE, sessionValue(user!.username, ctx.sessionSecret, ctx.now()), { path: '/board', httpOnly: true, sameSite: 'strict', secure: ctx.secureCookies });
    return reply.redirect(safeNext(req.body?.next));
  });

  app.post('/board/logout', async (_req, reply) => reply.clearCookie(SESSION_COOKIE, { path: '/board' }).redirect('/board/login'));

  app.get('/board', async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const plans = await ctx.plans();
    const plan = req.query.plan && plans.includes(req.query.plan) ? req.query.plan : plans[0];
    if (!plan) return page(reply, 'board', { user, plans, plan, model: undefined, msg: req.query.msg });
    const model = boardModel(await ctx.ledger(plan), ctx.now());
    return page(reply, 'board', { user, plans, plan, model, msg: req.query.msg, error: req.query.error });
  });

  app.get('/board/ledger.xlsx', async (req: Req, reply) => {
    if (!login(req, reply)) return reply;
    const plans = await ctx.plans();
    const plan = req.query.plan ?? plans[0];
    if (!plan || !plans.includes(plan)) return refusal(reply, 404, '没有台账', plan ? `方案 ${plan} 不在运行中。` : '没有正在运行的方案。');
    const rows = live(await ctx.ledger(plan), ctx.now());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(`${plan}-台账.xlsx`)}`)
      .send(await ledgerXlsx(rows));
  });

  const obligationPage = async (req: Req, reply: FastifyReply, user: BoardUser, extra: { error?: string; status?: number } = {}) => {
    try {
      const view = await obligationView(ctx.client, req.params.id);
      const reports = view.state.submissions.map((s) => (s.report ? readReport(ctx, s.report) : undefined));
      return page(reply, 'obligation', { user, view, round: roundOf(view.spec.id), reports, msg: req.query.msg, error: extra.error, values: req.body ?? {} }, extra.status ?? 200);
    } catch (err) {
      if (err instanceof UserError) return refusal(reply, 404, '未找到报送事项', err.message);
      throw err;
    }
  };

  app.get('/board/o/:id', async (req: Req, reply) => {
    const user = login(req, reply);
    return user ? obligationPage(req, reply, user) : reply;
  });

  /** An action on one obligation: done → back to its page with a message; refused → the page with the reason. */
  const action = (path: string, run: (id: string, by: string, f: Form) => Promise<string>) =>
    app.post(path, async (req: Req, reply) => {
      const user = login(req, reply);
      if (!user) return reply;
      try {
        const msg = await run(req.params.id, user.name, req.body ?? {});
        return reply.redirect(`/board/o/${encodeURIComponent(req.params.id)}?msg=${encodeURIComponent(msg)}`);
      } catch (err) {
        if (err instanceof UserError) return obligationPage(req, reply, user, { error: err.message, status: 400 });
        throw err;
      }
    });
  action('/board/o/:id/accept', async (id, by) => (await review(ctx.client, id, { by, decision: 'accept' }), '已审核通过（已办结）'));
  action('/board/o/:id/return', async (id, by, f) => {
    const s = await review(ctx.client, id, { by, decision: 'return', reason: f.reason ?? '', newDue: f.newDue ?? '' });
    return `已退回，新的截止时间 ${s.due.slice(0, 10)}`;
  });
  action('/board/o/:id/extend', async (id, by, f) => {
    const s = await extend(ctx.client, id, { by, newDue: f.newDue ?? '', reason: f.reason ?? '' });
    return `已延期至 ${s.due.slice(0, 10)}`;
  });

  app.get('/board/o/:id/attachments/:sha', async (req: Req, reply) => {
    if (!login(req, reply)) return reply;
    const view = await obligationView(ctx.client, req.params.id).catch(() => undefined);
    const a = view?.state.submissions.flatMap((s) => s.report?.attachments ?? []).find((x) => x.sha256 === req.params.sha);
    const content = view && a ? ctx.reports.attachmentIfStored(view.spec.id, a) : undefined;
    if (!a || !content) return refusal(reply, 404, '未找到附件', '该报送事项没有这个附件，或附件不在本机的报告库中。');
    return reply
      .type(a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .send(content);
  });

  app.post('/board/rounds/:round/look-back', async (req: Req, reply) => {
    const user = login(req, reply);
    if (!user) return reply;
    const f = req.body ?? {};
    const units = f.units === 'all' ? 'all' : f.units === 'named' ? splitNames(f.names) : 'late-or-returned';
    const back = (key: string, text: string) => reply.redirect(`/board?${f.plan ? `plan=${encodeURIComponent(f.plan)}&` : ''}${key}=${encodeURIComponent(text)}`);
    try {
      const spec = await lookBack(ctx.client, req.params.round, { by: user.name, due: f.due ?? '', units }, ctx.taskQueue);
      return back('msg', `已发起回头看 ${spec.round}：${spec.obligations.length} 个单位，截止 ${spec.due.slice(0, 10)}`);
    } catch (err) {
      if (err instanceof UserError) return back('error', `回头看未发起：${err.message}`);
      throw err;
    }
  });
}

const splitNames = (s = '') => s.split(/[,，、\s]+/).map((x) => x.trim()).filter(Boolean);

/** Only paths on the board itself, so a login link cannot send anyone elsewhere. */
function safeNext(next?: string): string {
  return next && /^\/board(\/|\?|$)/.test(next) ? next : '/board';
}

/** A stored report's text (undefined when the store on this machine does not have it). */
function readReport(ctx: WebContext, ref: Parameters<WebContext['reports']['read']>[0]): { text: string } | undefined {
  try {
    return JSON.parse(ctx.reports.read(ref));
  } catch {
    return undefined;
  }
}
