// Which format a client reads its refusals in: JSON ({"error": …}) for a client that asks for JSON and not
// for a page, and on the codec routes (which only ever speak JSON); a page for everyone else.
import type { FastifyRequest } from 'fastify';

export function wantsJson(req: Pick<FastifyRequest, 'url' | 'headers'>): boolean {
  if (req.url.startsWith('/codec/')) return true;
  const accept = String(req.headers.accept ?? '');
  return accept.includes('application/json') && !accept.includes('text/html');
}
