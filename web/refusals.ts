// Refusals of requests that never reach a route's own checks, or that fail in the framework beneath it: a
// malformed or truncated multipart body, a body of the wrong format, an id or header too long, a body too
// large. Each is a 4xx with a Chinese message, as a page for browsers and as JSON ({"error": …}) for JSON
// clients (web/client-format.ts); only a fault of the server
// itself is a 500, and only that is logged (with its stack, never with the query, which may hold a token).
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { refusal } from './render';
import { unavailable } from '../client/unavailable';

const TITLE = '未能完成请求';

export const MESSAGES = {
  tooLarge: '提交的内容过大，未被接收。',
  format: '不支持的提交格式：请从网页上的表单提交，未被接收。',
  malformed: '提交的表单不完整或格式有误（可能是上传中断），未被接收，请重新提交。',
  json: '提交的 JSON 格式有误，未被接收。',
  urlTooLong: '网址过长，未被接收。请从通知邮件或督查看板中的链接进入。',
  headersTooLarge: '请求头过大（网址或 Cookie 过长），未被接收。请从通知邮件或督查看板中的链接进入。',
  timeout: '请求超时，未被接收，请重新提交。',
  bad: '请求有误，未被接收。',
  server: '服务暂时不可用（已记录），请稍后再试。',
} as const;

type Fault = Error & { statusCode?: number; code?: string; syscall?: string };

/** Errors of a multipart or form parser reading a malformed body (they carry neither a status nor a code). */
const MALFORMED_BODY = /^(Multipart: |Unexpected end of (form|file)|Malformed (part header|urlencoded form)|Part terminated early)/;

/** The status and Chinese message for an error a request caused (4xx), or a 500 for a fault of the server. */
export function describeError(err: Fault): { status: number; message: string } {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  switch (err.code) {
    case 'FST_ERR_VALIDATION':
      return { status: 400, message: err.message }; // the schema's own Chinese message (web/schemas.ts)
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return { status: 400, message: MESSAGES.json };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE': // a JSON or form body sent to a route that takes a multipart form
      return { status: 415, message: MESSAGES.format };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_MP_PREMATURE_CLOSE':
    case 'FST_PROTO_VIOLATION':
    case 'DUBAN_MALFORMED_FORM':
      return { status: 400, message: MESSAGES.malformed };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { status: 414, message: MESSAGES.urlTooLong };
    case 'FST_ERR_BAD_URL':
      return { status: 400, message: MESSAGES.bad };
  }
  if (status === 500 && !err.syscall && MALFORMED_BODY.test(err.message ?? '')) return { status: 400, message: MESSAGES.malformed };
  if (status === 413) return { status, message: MESSAGES.tooLarge };
  if (status === 415) return { status, message: MESSAGES.format };
  if (status === 500) return { status, message: MESSAGES.server };
  return { status, message: MESSAGES.bad };
}

/** A refusal in the format the client reads: a page, or {"error": message} (web/client-format.ts). */
export function refuse(_req: FastifyRequest, reply: FastifyReply, status: number, message: string, title = TITLE): FastifyReply {
  return refusal(reply.header('cache-control', 'no-store'), status, title, message);
}

/** The path as the log may show it: no query, no codec secret (/codec/<secret>/…), bounded. */
export const loggedPath = (url: string) =>
  url
    .split('?')[0]
    .replace(/^\/codec\/[^/]+\/(encode|decode)$/, '/codec/…/$1')
    .slice(0, 200);

/** Fastify's error handler for the whole server: 4xx in Chinese, nothing logged; a 500 logged once. */
export function webErrorHandler(err: Fault, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  // Temporal or the database away, a full disk: 503 系统繁忙 / 507 存储空间不足, one log line, no stack.
  const away = unavailable(err);
  if (away) {
    console.error(`[web] ${req.method} ${loggedPath(req.url)}：${away.log}`);
    return refuse(req, reply, away.status, away.message);
  }
  const { status, message } = describeError(err);
  if (status === 500) console.error(`[web] ${req.method} ${loggedPath(req.url)}: ${err.stack ?? err.message}`);
  return refuse(req, reply, status, message);
}

/** What the router refuses before any route runs (a path parameter over its length, an undecodable path). */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (err, req, reply) => {
  const { status, message } = describeError(err);
  void refuse(req as unknown as FastifyRequest, reply as unknown as FastifyReply, status, message);
};

/**
 * Errors of the HTTP parser, before Fastify has a request (headers or URL over Node's 16 KB, a request that
 * is not HTTP, a timeout): answered on the socket itself, in Chinese, as JSON when the part of the request
 * that arrived asks for it, else as a page; then the connection is closed.
 */
export const clientErrorHandler: NonNullable<FastifyServerOptions['clientErrorHandler']> = (err, socket) => {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, reason, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', MESSAGES.headersTooLarge]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', MESSAGES.timeout]
        : [400, 'Bad Request', MESSAGES.bad];
  const raw = err.rawPacket as unknown; // a Buffer at run time, whatever the declared type says
  const head = (Buffer.isBuffer(raw) ? raw : Buffer.alloc(0)).subarray(0, 16 * 1024).toString('latin1');
  const accept = /\r?\naccept:([^\r\n]*)/i.exec(head)?.[1] ?? '';
  const json = /^[A-Z]+ \/codec\//.test(head) || (accept.includes('application/json') && !accept.includes('text/html'));
  const body = json ? JSON.stringify({ error: message }) : refusalHtml(message);
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    `Content-Type: ${json ? 'application/json' : 'text/html'}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Content-Security-Policy: default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    'X-Frame-Options: DENY',
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-store',
    'Connection: close',
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
};

/** The refusal page's shape (web/views/refused.eta) for answers written before there is a request to render for. */
function refusalHtml(message: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${TITLE} · 督办</title><link rel="stylesheet" href="/static/duban.css"></head>
<body><main><section class="card refused"><h1>${TITLE}</h1><p class="error" role="alert">${message}</p></section></main></body>
</html>
`;
}
