// The report form when the duty itself cannot be read (Temporal away or past the request's time limit): the
// portal cannot show the duty page, so it answers 503 系统繁忙 with a page that keeps what the unit typed (name,
// text, figures) in a form that submits again to the same duty. Staged attachments are discarded: nothing is
// stored. The figures' labels come from the plan, which is not at hand, so they show by their ids.
import type { FastifyReply } from 'fastify';
import type { UnitRequest } from './unit-access';
import type { Unavailable } from '../client/unavailable';
import { discardUploads } from '../client/uploads';
import { readReportForm } from './report-form';
import { page } from './render';
import { MAX_NAME_CHARS } from '../domain/obligation/limits';

export async function busyReportForm(req: UnitRequest, reply: FastifyReply, stagingDir: string, away: Unavailable): Promise<FastifyReply> {
  const id = req.params.id!;
  console.error(`[web] 报送 ${id.slice(0, 200)}：${away.log}`);
  let values: Record<string, string> = {};
  let attachments = 0;
  try {
    const read = await readReportForm(req, stagingDir);
    if (!('limit' in read)) {
      await discardUploads(read.files);
      attachments = read.files.length;
      values = Object.fromEntries(Object.entries(read.fields).map(([k, v]) => [k, v[0] ?? '']));
    }
  } catch {
    // A body that cannot be read keeps nothing to show; the answer is still 503 系统繁忙.
  }
  const figures = Object.entries(values).filter(([k]) => /^figure\.[A-Za-z0-9_-]{1,64}$/.test(k));
  return page(
    reply,
    'unit-busy',
    { unit: req.params.unit, token: req.query.t, id, message: away.message, values, figures, attachments, maxName: MAX_NAME_CHARS },
    away.status,
  );
}
