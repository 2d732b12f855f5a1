// The portal (/u/…) and the supervisor board (/board…) in one Fastify server, pages rendered on the
// server, styles served locally (no CDN). Uploads are limited to what a report may carry.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { portalRoutes } from './portal-routes';
import { boardRoutes } from './board-routes';
import { codecRoutes } from './codec-routes';
import { refusal } from './render';
import { webContext, WebOptions } from './context';

const CSS = fs.readFileSync(path.join(__dirname, 'static', 'duban.css'));

export async function createWebServer(options: WebOptions): Promise<FastifyInstance> {
  const ctx = webContext(options);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS, fields: 200, fieldSize: 256 * 1024 } });

  // Links carry the unit's token: never send it to another site as a referrer (same-origin keeps the Origin
  // header of the board's own forms); pages are not to be framed.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('referrer-policy', 'same-origin').header('x-frame-options', 'DENY').header('x-content-type-options', 'nosniff');
  });
  app.get('/static/duban.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(CSS));
  app.get('/', async (_req, reply) => reply.redirect('/board'));
  portalRoutes(app, ctx);
  boardRoutes(app, ctx);
  if (options.codec) codecRoutes(app, options.codec);

  app.setNotFoundHandler((_req, reply) => refusal(reply, 404, '页面不存在', '请检查网址，或从通知邮件中的链接进入。'));
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) console.error(`[web] ${req.method} ${req.url.split('?')[0]}: ${err.stack ?? err.message}`); // the query may hold a unit's token
    const message = status === 413 ? '提交的内容过大，未被接收。' : status === 500 ? '服务暂时不可用（已记录），请稍后再试。' : '请求有误，未被接收。';
    return refusal(reply, status, '未能完成请求', message);
  });
  return app;
}
