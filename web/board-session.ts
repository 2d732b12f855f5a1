// Who is asking on the board: the account of the request's session cookie (a session ends when its account's
// password changes, or the account is disabled or removed), and for which of its running plans. Every board route
// asks here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BoardUser } from '../config/board-users';
import { SESSION_COOKIE } from './auth/session';
import type { WebContext } from './context';
import { refusal } from './render';

/** The logged-in account of a request, or undefined. */
export function boardUserOf(ctx: WebContext, req: FastifyRequest): BoardUser | undefined {
  const name = ctx.sessions.user(req.cookies[SESSION_COOKIE], ctx.now(), (u) => ctx.users().find((x) => x.username === u)?.passwordHash);
  return name === undefined ? undefined : ctx.users().find((u) => u.username === name);
}

/** The logged-in supervisor of a request, or undefined with a redirect to the login page (back here after) sent. */
export function boardLogin(ctx: WebContext) {
  return (req: FastifyRequest, reply: FastifyReply): BoardUser | undefined => {
    const user = boardUserOf(ctx, req);
    if (!user) void reply.redirect(`/board/login?next=${encodeURIComponent(req.url)}`);
    return user;
  };
}

/**
 * The logged-in supervisor and the running plan of theirs a download or list asks for (`?plan=`, else their first),
 * or undefined with the login redirect or a 404 (没有<what>) sent.
 */
export function boardPlanRequest(ctx: WebContext) {
  const login = boardLogin(ctx);
  return async (
    req: FastifyRequest<{ Querystring: { plan?: string } }>,
    reply: FastifyReply,
    what: string,
  ): Promise<{ user: BoardUser; plan: string } | undefined> => {
    const user = login(req, reply);
    if (!user) return undefined;
    const plans = await ctx.plans(user);
    const plan = req.query.plan ?? plans[0];
    if (!plan || !plans.includes(plan))
      return void refusal(reply, 404, `没有${what}`, plan ? `方案 ${plan} 不在运行中。` : '没有正在运行的方案。');
    return { user, plan };
  };
}
