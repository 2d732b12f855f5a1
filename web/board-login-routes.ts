// The board's login and logout. Logins are throttled per account, address and browser before the password is
// checked; a browser that logged in before keeps a device cookie, so an account's lockout does not shut it out.
// A login opens a session (a cookie for /board only) and goes back to the board page it came from.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { page } from './render';
import { SESSION_COOKIE } from './auth/session';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceOf, deviceValue } from './auth/device';
import { verifyPassword } from '../config/passwords';
import type { WebContext } from './context';
import { sameSiteOnly } from './cross-site';
import { emptyBody, loginBody, loginQuery } from './schemas';

type Req = FastifyRequest<{ Querystring: { next?: string }; Body: { username?: string; password?: string; next?: string } }>;

/** Checked against when the username is unknown, so a wrong username takes as long as a wrong password. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function boardLoginRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.addHook('onRequest', sameSiteOnly(ctx.publicHost));

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
      cookieOptions('/board', ctx.sessions.lifetimeSeconds),
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
}

/** Only paths on the board itself, so a login link cannot send anyone elsewhere. */
function safeNext(next?: string): string {
  return typeof next === 'string' && /^\/board(\/|\?|$)/.test(next) ? next : '/board';
}
