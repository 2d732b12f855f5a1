// Who is asking on the board: the account of the request's session cookie (a session ends when its account's
// password changes, or the account is disabled or removed). Every board route asks here.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BoardUser } from '../config/board-users';
import { SESSION_COOKIE } from './auth/session';
import type { WebContext } from './context';

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
