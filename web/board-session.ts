// Who is asking on the board: the account of the request's session cookie (a session ends when its account's
// password changes, or the account is disabled or removed), and for which of its plans (running, or finished and
// asked for by id). Every board route asks here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type BoardUser, seesOffice } from '../config/board-users';
import { belongsToPlans, everyPlanOffice } from '../client/plan-offices';
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
 * The plans of an account's offices that may be opened: its running plans (the board's list), and, when one of
 * `ids` (plan, round, obligation or document ids) is of none of them, the finished plans of its offices too (a
 * year closed or a plan cancelled stays readable by its office; only then are finished plans looked up).
 */
export async function plansToOpen(ctx: WebContext, user: BoardUser, ids: string[]): Promise<string[]> {
  const running = await ctx.plans(user);
  if (ids.every((id) => belongsToPlans(id, running))) return running;
  const finished = (await everyPlanOffice(ctx.client)).filter((p) => !p.running && seesOffice(user, p.office)).map((p) => p.id);
  return [...running, ...finished.filter((p) => !running.includes(p))];
}

/**
 * The plan a page asks for (`?plan=`: running, or a finished one of the account's offices), else the account's
 * first running plan; with the plans to choose from (the running ones, and the asked finished one).
 */
export async function askedPlan(ctx: WebContext, user: BoardUser, asked?: string): Promise<{ plans: string[]; plan?: string }> {
  const running = await ctx.plans(user);
  if (!asked || running.includes(asked)) return { plans: running, plan: asked ?? running[0] };
  const open = (await plansToOpen(ctx, user, [asked])).includes(asked);
  return open ? { plans: [...running, asked], plan: asked } : { plans: running, plan: running[0] };
}

/**
 * The logged-in supervisor and the plan of theirs a download or list asks for (`?plan=`, running or finished, else
 * their first running one), or undefined with the login redirect or a 404 (没有<what>) sent.
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
    const plans = await plansToOpen(ctx, user, req.query.plan ? [req.query.plan] : []);
    const plan = req.query.plan ?? plans[0];
    if (!plan || !plans.includes(plan))
      return void refusal(reply, 404, `没有${what}`, plan ? `未找到方案 ${plan}。` : '没有正在运行的方案。');
    return { user, plan };
  };
}
