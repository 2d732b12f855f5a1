// What the board's logins read and write in a shared store, done around each board request so the handlers (which
// ask synchronously) see the store as it is: before them, the accounts (when the database keeps them) and the
// session the request carries are read, and a login attempt is counted; before the response leaves, the sessions
// and counts it changed are written. Then any web process behind a load balancer can take the next request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DEVICE_COOKIE, deviceOf } from './device';
import { SESSION_COOKIE } from './session';
import type { WebContext } from '../context';

const isBoard = (req: FastifyRequest) => req.url === '/board' || req.url.startsWith('/board/') || req.url.startsWith('/board?');

export function sharedBoardAuth(app: FastifyInstance, ctx: WebContext): void {
  if (!ctx.boardAuth) return;
  const { refreshUsers } = ctx.boardAuth;
  app.addHook('onRequest', async (req) => {
    if (!isBoard(req)) return;
    await refreshUsers?.(ctx.now());
    await ctx.sessions.load(req.cookies[SESSION_COOKIE], ctx.now());
  });
  app.addHook('preHandler', async (req) => {
    // As the login handler reads the form (web/board-login-routes.ts), which answers an invalid one without counting.
    if (req.method !== 'POST' || req.routeOptions.url !== '/board/login' || req.validationError) return;
    const body = (req.body ?? {}) as { username?: unknown };
    const username = (typeof body.username === 'string' ? body.username : '').trim();
    const device = deviceOf(req.cookies[DEVICE_COOKIE], username, ctx.sessionSecret, ctx.now());
    await ctx.throttle.prepare(username.toLowerCase(), req.ip, device, ctx.now());
  });
  app.addHook('onSend', async (req) => {
    if (isBoard(req)) await Promise.all([ctx.sessions.settled(), ctx.throttle.settled()]);
  });
}
