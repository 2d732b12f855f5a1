// Offices and roles on the board, checked in one place for every /board route before it runs: an id in the
// URL, query or form (plan, round, obligation, document, unit) that belongs to another office's plan answers
// 404 as if it did not exist; an action beyond the account's role answers a Chinese 403. Registered on the
// server before the board's scopes, so a new board route is covered without doing anything.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type BoardUser, type BoardRole, roleOf, seesAllOffices } from '../config/board-users';
import { belongsToPlans } from '../client/plan-offices';
import { placeOfRow } from '../domain/obligation/ids';
import { refusal } from './render';
import type { WebContext } from './context';
import { boardUserOf, plansToOpen } from './board-session';

/** Routes anyone may reach (the route itself asks for a login where it needs one). */
const OPEN = new Set(['/board/login', '/board/logout', '/board/charts.css', '/board/import/static/:file']);

/** Every board route a server registered (method and pattern), for the walk that checks none is left open. */
export const boardRouteTable = new WeakMap<object, { method: string; url: string }[]>();
export function recordBoardRoutes(app: FastifyInstance): void {
  const table: { method: string; url: string }[] = [];
  boardRouteTable.set(app, table);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/board')) return;
    for (const method of [r.method].flat()) if (method !== 'HEAD') table.push({ method, url: r.url });
  });
}

/** The role an action (any request that is not a GET) needs; 管理员 may do everything. */
export function roleFor(method: string, route: string): BoardRole | undefined {
  if (method === 'GET' || method === 'HEAD') return route.startsWith('/board/accounts') ? '管理员' : undefined;
  if (/^\/board\/(o|rounds|units)\//.test(route)) return '督查员';
  return '管理员'; // plan import, roster, calendar, accounts
}

const RANK: Record<BoardRole, number> = { 只读: 0, 督查员: 1, 管理员: 2 };
export const mayAct = (user: BoardUser, need: BoardRole | undefined): boolean => !need || RANK[roleOf(user)] >= RANK[need];

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

export function boardTenancy(ctx: WebContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    const route = req.routeOptions.url;
    if (!route || !route.startsWith('/board') || OPEN.has(route)) return;
    const user = boardUserOf(ctx, req);
    if (!user) return; // the route sends the login page
    if (!seesAllOffices(user)) {
      const params = (req.params ?? {}) as Record<string, unknown>;
      const query = (req.query ?? {}) as Record<string, unknown>;
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const ids = [params.id, params.round, query.plan, query.round, body.plan].map(text).filter((x): x is string => !!x);
      // Import ids are uploads, not plans: only their own checks apply there.
      const planIds = route.startsWith('/board/import') ? ids.filter((x) => x !== params.id) : ids;
      // A finished plan of the account's offices stays readable (its ledger, reports and documents).
      const plans = await plansToOpen(ctx, user, planIds);
      let hidden = planIds.some((id) => !belongsToPlans(id, plans));
      const unit = text(params.unit);
      if (!hidden && unit) {
        // Units are looked for in running plans only: reading a finished plan's ledger replays its history.
        const ledgers = await Promise.all((await ctx.plans(user)).map((p) => ctx.ledger(p).catch(() => [])));
        hidden = !ledgers.flat().some((r) => placeOfRow(r).unitCode === unit);
      }
      if (hidden) {
        return refusal(reply, 404, '页面不存在', '请检查网址，或从看板进入。');
      }
    }
    if (!mayAct(user, roleFor(req.method, route))) {
      return refusal(reply, 403, '无权操作', `您的账号角色为“${roleOf(user)}”，不能进行此项操作；如需办理，请联系本单位的看板管理员。`);
    }
  };
}

/**
 * Whether an account sees a plan import made by `creator` (a username): an import belongs to its creator's offices.
 * An account of every office sees every import; another sees those of accounts limited to offices it shares.
 */
export function seesImportOf(users: BoardUser[], user: BoardUser, creator: string): boolean {
  if (seesAllOffices(user)) return true;
  const by = users.find((u) => u.username === creator);
  if (!by || seesAllOffices(by)) return false;
  return (by.offices as string[]).some((o) => (user.offices as string[]).includes(o));
}
