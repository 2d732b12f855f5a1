// Every portal and board request answers within its own time limit (DUBAN_REQUEST_TIMEOUT_MS, default 15 s),
// whatever Temporal or the store does: the Temporal calls a request makes carry the limit as their gRPC
// deadline (the client's own retries stop there), and the request itself is answered 503 系统繁忙 once the
// limit has passed, even while a store call still hangs. A Temporal call made after the limit fails at once, so
// a handler still running in the background cannot submit anything the unit was told did not happen. The CLI
// keeps the client's own retries: only the web server sets this limit.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

// Long enough for a burst of 50 updates to one duty on a busy 2-core machine (they queue on its workflow), short
// enough that a unit reads 系统繁忙 well before a browser or proxy gives up (commonly 30 to 60 s).
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const MIN_MS = 1_000;
const MAX_MS = 120_000;
/** How long after the limit the whole request is answered, so that a route's own answer (above the form) comes first. */
const MARGIN_MS = 500;

/** The limit from DUBAN_REQUEST_TIMEOUT_MS (milliseconds), refused in Chinese when it is not a sensible number. */
export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DUBAN_REQUEST_TIMEOUT_MS?.trim();
  if (!raw) return DEFAULT_REQUEST_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < MIN_MS || ms > MAX_MS)
    throw new Error(`DUBAN_REQUEST_TIMEOUT_MS 应为 ${MIN_MS} 到 ${MAX_MS} 之间的整数（毫秒），现为 ${raw}`);
  return ms;
}

/** A request that ran past its limit; app/unavailable.ts answers it 503 系统繁忙. */
export class RequestTimedOut extends Error {
  readonly code = 'DUBAN_REQUEST_TIMEOUT';
  constructor(readonly limitMs: number) {
    super(`${limitMs / 1000} 秒内未完成（Temporal 服务或数据库没有及时应答）`);
  }
}

interface RequestTime {
  client: Client;
  limitMs: number;
  /** When the limit passes (epoch ms), counted from the request's start. */
  deadline: number;
}

const current = new AsyncLocalStorage<RequestTime>();

/**
 * Runs every route registered after this call (in this scope and the scopes below it) within the limit: its
 * Temporal calls get the deadline, and past the limit (plus a short margin) the request fails with
 * RequestTimedOut, which the server's error handler answers 503 in Chinese. A multipart request (a report with
 * attachments) may take longer than the limit to upload: its route times its own steps instead, the duty's
 * reading with inRequestTime and what follows the upload with inFreshTime. Static files and the codec routes
 * (which use neither Temporal nor the store) are left alone.
 */
export function requestDeadlines(app: FastifyInstance, client: Client, limitMs: number): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/static/') || route.url.startsWith('/codec')) return; // neither Temporal nor the store
    const handler = route.handler as (...args: Parameters<RouteHandlerMethod>) => unknown;
    route.handler = function (this: FastifyInstance, req, reply) {
      const time: RequestTime = { client, limitMs, deadline: Date.now() + limitMs };
      const run = () => Promise.resolve(handler.call(this, req, reply));
      if (req.isMultipart()) return current.run(time, run);
      return current.run(time, () => within(time, run, time.deadline + MARGIN_MS));
    } as RouteHandlerMethod;
  });
}

/**
 * `fn` within what is left of the current request's limit: its Temporal calls carry the deadline, and it fails
 * with RequestTimedOut when the limit passes first (a store call that hangs), so the route can answer above
 * what the unit typed. Outside a request (the CLI), just `fn`.
 */
export function inRequestTime<T>(fn: () => Promise<T>): Promise<T> {
  const time = current.getStore();
  return time ? within(time, fn, time.deadline) : fn();
}

/** `fn` within a whole limit from now: what a report does once its upload has arrived. */
export function inFreshTime<T>(fn: () => Promise<T>): Promise<T> {
  const time = current.getStore();
  if (!time) return fn();
  const fresh = { ...time, deadline: Date.now() + time.limitMs };
  return current.run(fresh, () => within(fresh, fn, fresh.deadline));
}

function within<T>(time: RequestTime, fn: () => Promise<T>, answerBy: number): Promise<T> {
  const work = time.client.connection.withDeadline(time.deadline, fn);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimedOut(time.limitMs)), Math.max(0, answerBy - Date.now()));
  });
  work.catch(() => undefined); // a late failure of the abandoned work is not an unhandled rejection
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
