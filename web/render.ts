// Server-rendered pages: Eta templates in web/views, HTML-escaped by default, Chinese dates from one place.
import path from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import { wantsJson } from './client-format';
import { chineseDate, chineseDateTime } from '../domain/notices/format';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/state';
import { MAX_REASON_CHARS } from '../domain/obligation/limits';
import { acknowledgementOf } from '../domain/obligation/acknowledge';
import { pendingExtension } from '../domain/obligation/extension';
import { clause, timelineNote } from '../domain/notices/readable';

const eta = new Eta({ views: path.join(__dirname, 'views'), autoEscape: true, autoTrim: false, cache: true });

/** Helpers every template may use. */
const helpers = {
  chineseDate,
  chineseDateTime,
  STAGE_ZH,
  LIGHT_ZH,
  LEVEL_ZH,
  MAX_REASON_CHARS,
  acknowledgementOf,
  pendingExtension,
  clause,
  timelineNote,
  enc: encodeURIComponent,
};

export function page(reply: FastifyReply, view: string, data: Record<string, unknown>, status = 200): FastifyReply {
  const html = eta.render(view, { ...helpers, ...data });
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/** A page that only says why something was refused (bad link, not logged in, not found); JSON for JSON clients. */
export function refusal(reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  if (wantsJson(reply.request)) return reply.code(status).type('application/json; charset=utf-8').send({ error: message });
  return page(reply, 'refused', { title, message }, status);
}
