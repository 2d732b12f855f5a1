// 延期申请 from the portal: before its deadline a unit applies for a later one (reason, requested date, one optional
// attachment stored like a report's); the duty page then shows the pending application, later the decision.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors';
import { MAX_REASON_CHARS } from '../domain/obligation/limits';
import { extensionRefusal } from '../domain/obligation/extension';
import { obligationView, type ObligationView } from '../client/operations';
import { applyForExtensionWithFile } from '../client/extension-operations';
import { checkAttachmentContent } from '../client/attachment-content';
import { AppError, NotFound } from '../client/errors';
import { discardUploads } from '../client/uploads';
import { readReportForm, submitterOf } from './report-form';
import { page, refusal } from './render';
import { portalQuery } from './schemas';
import { unitAccess, type UnitRequest } from './unit-access';
import { dutyPage } from './portal-routes';
import type { WebContext } from './context';

export function portalExtensionRoutes(app: FastifyInstance, ctx: WebContext): void {
  const access = unitAccess(ctx);

  app.post('/u/:unit/o/:id/extension', { schema: { querystring: portalQuery } }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    let view: ObligationView;
    try {
      view = await obligationView(ctx.client, req.params.id!);
    } catch (err) {
      if (err instanceof NotFound) return refusal(reply, err.httpStatus, '未找到报送事项', err.message);
      throw err;
    }
    const read = await readReportForm(req, ctx.reports.stagingDir);
    if ('limit' in read) return page(reply, 'unit-duty', dutyPage(req, view, {}, `${read.limit}，延期申请未提交。`), 413);
    const fields = Object.fromEntries(Object.entries(read.fields).map(([k, v]) => [`ext.${k}`, v[0] ?? '']));
    const refuse = (status: number, message: string) => page(reply, 'unit-duty', dutyPage(req, view, fields, message), status);
    const [upload, ...more] = read.files;
    try {
      // A duty that takes no application now (past its deadline, reported, one pending, cap reached) is a 409.
      const notNow = extensionRefusal(view.state, view.spec, Date.now());
      if (notNow) return await refuse(409, notNow);
      if (more.length) throw new DomainError('延期申请最多附 1 个附件', 'one attachment at most');
      const reason = fields['ext.reason'] ?? '';
      if (reason.length > MAX_REASON_CHARS) throw new DomainError(`申请理由不能超过 ${MAX_REASON_CHARS} 个字`, 'reason too long');
      const by = applicantOf(fields['ext.by'], view.spec.unit);
      if (upload) await checkAttachmentContent(upload.filename, upload.head);
      await applyForExtensionWithFile(
        ctx.client,
        ctx.reports,
        view.spec.id,
        { by, reason, requestedDue: fields['ext.requestedDue'] ?? '' },
        upload,
      );
    } catch (err) {
      if (err instanceof DomainError) return refuse(400, err.zh);
      if (err instanceof AppError) {
        const now = (await obligationView(ctx.client, view.spec.id)).state;
        return refuse(extensionRefusal(now, view.spec, Date.now()) ? 409 : err.httpStatus, err.message);
      }
      throw err;
    } finally {
      await discardUploads(read.files); // whatever was not adopted into the report store
    }
    return reply.redirect(
      `/u/${req.params.unit}/o/${encodeURIComponent(view.spec.id)}?t=${encodeURIComponent(req.query.t ?? '')}#extension`,
      303,
    );
  });
}

/** The applicant as recorded: the person's name with the unit in brackets (the same limits as a submitter's). */
function applicantOf(name: string | undefined, unit: string): string {
  try {
    return submitterOf(name, unit);
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError(err.zh.replace('报送人', '申请人'), err.en);
    throw err;
  }
}
