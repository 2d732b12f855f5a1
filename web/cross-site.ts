// A state-changing request to the board must come from the board's own pages: its Origin (or, when a
// browser sends none, its Referer) must be this server's address or the public one (DUBAN_PORTAL_URL).
// Registered as a hook on the board's routes, so it sees the route the router matched (after decoding),
// never the raw URL. The session cookie is SameSite=Strict as well.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { refusal } from './render';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameSiteOnly(publicHost: string | undefined) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (SAFE.has(req.method)) return;
    const from = req.headers.origin ?? req.headers.referer;
    const host = from && URL.canParse(from) ? new URL(from).host : undefined;
    if (host && (host === req.headers.host || host === publicHost)) return;
    return refusal(reply, 403, '请求被拒绝', '表单只能从督查看板页面提交。');
  };
}
