// The portal (/u/…) and the supervisor board (/board…) in one Fastify server, pages rendered on the
// server, styles and the one script served locally (no CDN). Every body and query is checked by a schema
// (web/schemas.ts); uploads are limited to what a report may carry; security headers on every response.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { portalRoutes } from './portal-routes';
import { portalFilingRoutes } from './portal-filing-routes';
import { portalExtensionRoutes } from './portal-extension-routes';
import { boardLoginRoutes } from './board-login-routes';
import { boardViewRoutes } from './board-view-routes';
import { boardActionRoutes } from './board-action-routes';
import { boardTenancy, recordBoardRoutes } from './board-tenancy';
import { boardAccountRoutes } from './board-account-routes';
import { boardChartRoutes } from './board-chart-routes';
import { boardRosterRoutes } from './board-roster-routes';
import { boardCalendarRoutes } from './board-calendar-routes';
import { boardDocumentRoutes } from './board-document-routes';
import { planImportRoutes } from './plan-import-routes';
import { codecRoutes } from './codec-routes';
import { refusal } from './render';
import { clientErrorHandler, frameworkErrors, webErrorHandler } from './refusals';
import { webContext, WebOptions } from './context';
import { MAX_FIELD_BYTES, zodValidator } from './schemas';
import { requestDeadlines } from './request-deadline';
import { sharedBoardAuth } from './auth/shared-auth';

const STATIC: Record<string, [string, Buffer]> = {
  'duban.css': ['text/css; charset=utf-8', fs.readFileSync(path.join(__dirname, 'static', 'duban.css'))],
  'duban.js': ['text/javascript; charset=utf-8', fs.readFileSync(path.join(__dirname, 'static', 'duban.js'))],
};

export async function createWebServer(options: WebOptions): Promise<FastifyInstance> {
  const ctx = webContext(options);
  // Forms and JSON are small; reports with attachments come as multipart, limited below.
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors, // an id over the router's length: 414 in Chinese
    clientErrorHandler, // headers or URL over 16 KB: 431 in Chinese
  });
  app.setValidatorCompiler(zodValidator);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS, fields: 50, fieldSize: MAX_FIELD_BYTES, parts: MAX_ATTACHMENTS + 50 },
  });
  await app.register(helmet, {
    // Pages load only their own stylesheet and script; nothing may frame them or post them elsewhere.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        ...(ctx.secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    // Links carry the unit's token: never send it to another site as a referrer; same-origin keeps the
    // Origin and Referer of the board's own forms, which the cross-site check needs.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: ctx.secure ? { maxAge: 365 * 86400 } : false,
  });
  // Pages and downloads hold reports and tokens: no cache keeps them.
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/static/')) reply.header('cache-control', 'no-store');
  });
  // Before any route is registered: the board's routes live in their own scope, which inherits these.
  app.setNotFoundHandler((_req, reply) => refusal(reply, 404, '页面不存在', '请检查网址，或从通知邮件中的链接进入。'));
  // Malformed, truncated or oversized requests: a Chinese 4xx (a page, or JSON for JSON clients), nothing logged.
  app.setErrorHandler(webErrorHandler);
  // Every route below answers within ctx.requestTimeoutMs, Temporal or the store away (503 系统繁忙).
  requestDeadlines(app, options.client, ctx.requestTimeoutMs);
  // Accounts, sessions and login counts read from (and written to) the shared store around each board request.
  sharedBoardAuth(app, ctx);
  // Offices and roles: every /board route, before its handler (web/board-tenancy.ts).
  app.addHook('preValidation', boardTenancy(ctx));
  recordBoardRoutes(app);
  app.get('/static/:file', async (req, reply) => {
    const found = STATIC[(req.params as { file: string }).file];
    if (!found) return refusal(reply, 404, '页面不存在', '请检查网址。');
    return reply.type(found[0]).header('cache-control', 'max-age=3600').send(found[1]);
  });
  app.get('/', async (_req, reply) => reply.redirect('/board'));
  portalRoutes(app, ctx);
  portalFilingRoutes(app, ctx);
  portalExtensionRoutes(app, ctx);
  await app.register(async (login) => boardLoginRoutes(login, ctx));
  await app.register(async (views) => boardViewRoutes(views, ctx));
  await app.register(async (actions) => boardActionRoutes(actions, ctx));
  await app.register(async (charts) => boardChartRoutes(charts, ctx));
  await app.register(async (roster) => boardRosterRoutes(roster, ctx));
  await app.register(async (calendar) => boardCalendarRoutes(calendar, ctx));
  await app.register(async (documents) => boardDocumentRoutes(documents, ctx));
  await app.register(async (imports) => planImportRoutes(imports, ctx));
  await app.register(async (accounts) => boardAccountRoutes(accounts, ctx));
  if (options.codec) codecRoutes(app, options.codec);

  return app;
}
