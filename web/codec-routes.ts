// The codec server of the Temporal Web UI and CLI (POST /codec/encode, /codec/decode): payloads as proto3
// JSON, {payloads: [{metadata: {k: base64}, data: base64}]}, answered in the same shape. It decrypts, so
// it answers only (a) a bearer token (DUBAN_CODEC_TOKEN) or (b), when allowed (DUBAN_CODEC_LOCAL=on, which
// npm start sets), a request made directly on this machine: loopback peer, loopback Host, no proxy headers.
// Browsers may call it from the Web UI's origins only (CORS); any other origin is refused.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Payload, PayloadCodec } from '@temporalio/common';

export interface CodecOptions {
  codec: PayloadCodec;
  /** Accept requests made directly on this machine (the Web UI of npm start, a local Temporal CLI). */
  allowLocal: boolean;
  /** `Authorization: Bearer <token>` is accepted from anywhere. */
  token?: string;
  /** Origins of the Temporal Web UI (CORS). */
  origins: string[];
  /** The namespace whose payloads this key protects; a request naming another (X-Namespace) is refused. */
  namespace?: string;
}

const MAX_PAYLOADS = 10_000;
const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

type JsonPayload = { metadata?: Record<string, string>; data?: string };

export function codecRoutes(app: FastifyInstance, o: CodecOptions): void {
  const ops = { encode: (p: Payload[]) => o.codec.encode(p), decode: (p: Payload[]) => o.codec.decode(p) };

  app.options<{ Params: { op: string } }>('/codec/:op', async (req, reply) => {
    if (!(req.params.op in ops) || !cors(req, reply, o)) return reply.code(403).send();
    return reply
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  app.post<{ Params: { op: string } }>('/codec/:op', { bodyLimit: 64 * 1024 * 1024 }, async (req, reply) => {
    const op = ops[req.params.op as keyof typeof ops];
    if (!op) return failed(reply, 404, '只有 /codec/encode 与 /codec/decode');
    if (!cors(req, reply, o)) return failed(reply, 403, '此网页来源未被允许调用编解码服务（DUBAN_CODEC_ORIGINS）');
    if (!authorized(req, o)) return failed(reply, 401, '需要授权：请在本机访问，或携带 Authorization: Bearer <DUBAN_CODEC_TOKEN>');
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
  });
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

function authorized(req: FastifyRequest, o: CodecOptions): boolean {
  const auth = req.headers.authorization ?? '';
  if (o.token && auth.startsWith('Bearer ')) {
    const given = crypto.createHash('sha256').update(auth.slice(7)).digest();
    const expected = crypto.createHash('sha256').update(o.token).digest();
    if (crypto.timingSafeEqual(given, expected)) return true;
  }
  if (!o.allowLocal) return false;
  // A proxy on this machine makes every visitor look local: proxied requests need the token.
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
  return LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '') && LOOPBACK_HOSTS.has(host) && !PROXY_HEADERS.some((h) => h in req.headers);
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
