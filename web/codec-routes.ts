// The codec server of the Temporal Web UI and CLI (POST /codec/encode, /codec/decode): payloads as proto3
// JSON, {payloads: [{metadata: {k: base64}, data: base64}]}, answered in the same shape. It decrypts, so
// it answers only a request carrying the codec secret (DUBAN_CODEC_TOKEN): as `Authorization: Bearer <secret>`
// (the Temporal CLI's --codec-auth), or as the path segment of the endpoint a Web UI is configured with
// (/codec/<secret>/decode: the dev server's Web UI can be given an endpoint and nothing else). Where it comes
// from (this machine or not) opens nothing. Browsers may call it from the Web UI's origins only (CORS).
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecOptions {
  codec: PayloadCodec;
  /** The codec secret: `Authorization: Bearer <token>` or /codec/<token>/…; without one every request is refused. */
  token?: string;
  /** Origins of the Temporal Web UI (CORS). */
  origins: string[];
  /** The namespace whose payloads this key protects; a request naming another (X-Namespace) is refused. */
  namespace?: string;
}

const MAX_PAYLOADS = 10_000;
const UNAUTHORIZED = '需要授权：请携带 Authorization: Bearer <DUBAN_CODEC_TOKEN>，或使用配置给 Web UI 的编解码地址（/codec/<密钥>）';

/** The endpoint to configure in a Web UI that cannot send headers: the secret travels in the path. */
export const codecUiEndpoint = (portalUrl: string, token: string) => `${portalUrl.replace(/\/$/, '')}/codec/${encodeURIComponent(token)}`;

type JsonPayload = { metadata?: Record<string, string>; data?: string };

export function codecRoutes(app: FastifyInstance, o: CodecOptions): void {
  const ops = { encode: (p: Payload[]) => o.codec.encode(p), decode: (p: Payload[]) => o.codec.decode(p) };

  const preflight = async (req: FastifyRequest<{ Params: { op: string } }>, reply: FastifyReply) => {
    if (!(req.params.op in ops) || !cors(req, reply, o)) return reply.code(403).send();
    return reply
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  };
  app.options('/codec/:op', preflight);
  app.options('/codec/:key/:op', preflight);

  const serve = async (req: FastifyRequest<{ Params: { op: string; key?: string } }>, reply: FastifyReply) => {
    const op = ops[req.params.op as keyof typeof ops];
    if (!op) return failed(reply, 404, '只有 /codec/encode 与 /codec/decode');
    if (!cors(req, reply, o)) return failed(reply, 403, '此网页来源未被允许调用编解码服务（DUBAN_CODEC_ORIGINS）');
    if (!authorized(req, o)) return failed(reply, 401, UNAUTHORIZED);
    const ns = req.headers['x-namespace'];
    if (o.namespace && typeof ns === 'string' && ns && ns !== o.namespace)
      return failed(reply, 403, `此编解码服务只服务命名空间 ${o.namespace}`);
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return failed(reply, 415, '请求体应为 JSON（Content-Type: application/json）');
    const body = req.body as { payloads?: unknown } | null;
    if (!body || !Array.isArray(body.payloads) || body.payloads.length > MAX_PAYLOADS)
      return failed(reply, 400, '请求体应为 {"payloads": [...]}');
    let out: Payload[];
    try {
      out = await op((body.payloads as JsonPayload[]).map(fromJson));
    } catch (err) {
      return failed(reply, 422, `无法${req.params.op === 'decode' ? '解密' : '加密'}：${(err as Error).message}`);
    }
    return reply.header('cache-control', 'no-store').send({ payloads: out.map(toJson) });
  };
  app.post('/codec/:op', { bodyLimit: 64 * 1024 * 1024 }, serve);
  app.post('/codec/:key/:op', { bodyLimit: 64 * 1024 * 1024 }, serve);
}

/** Sets the CORS headers for an allowed Origin; false when the request comes from a page of another origin. */
function cors(req: FastifyRequest, reply: FastifyReply, o: CodecOptions): boolean {
  reply.header('vary', 'Origin');
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser page (Temporal CLI, curl)
  if (!o.origins.includes(origin)) return false;
  reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
  return true;
}

/** The secret in the path (a Web UI's endpoint) or the bearer header; compared in constant time. */
function authorized(req: FastifyRequest<{ Params: { key?: string } }>, o: CodecOptions): boolean {
  if (!o.token) return false;
  const auth = req.headers.authorization ?? '';
  const given = req.params.key ?? (auth.startsWith('Bearer ') ? auth.slice(7) : undefined);
  if (given === undefined) return false;
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(given), digest(o.token));
}

function failed(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).header('cache-control', 'no-store').send({ error });
}

function fromJson(p: JsonPayload): Payload {
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p?.metadata ?? {})) metadata[k] = Buffer.from(String(v), 'base64');
  return { metadata, data: Buffer.from(String(p?.data ?? ''), 'base64') };
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
