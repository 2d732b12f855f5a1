// The report portal: a unit opens its page through the signed link in its notices (scoped to that unit,
// expiring, revocable), sees its duties with deadlines and lights, and submits a report with figures and
// attachments.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyLink } from '../activities/links/signed-links';
import { unitDuties } from '../domain/obligation/board';
import { unitCodeOfId } from '../domain/obligation/ids';
import { acknowledgementOf } from '../domain/obligation/acknowledge';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { checkSubmit } from '../domain/obligation/lifecycle';
import { isValidFigure, MAX_FIGURE, MAX_NAME_CHARS } from '../domain/obligation/limits';
import { DomainError } from '../domain/errors';
import { acknowledge, obligationView, ObligationView, submitWithFiles } from '../app/operations';
import { discardUpload, stageUpload, type Upload } from '../activities/reports/upload';
import { checkAttachmentContent } from '../app/attachment-content';
import { AppError, NotFound } from '../app/errors';
import { page, refusal } from './render';
import { chineseDateTime } from '../domain/notices/format';
import { allows, refusalStatus } from './refusal-status';
import { acknowledgeBody, portalQuery } from './schemas';
import type { WebContext } from './context';

type UnitRequest = FastifyRequest<{ Params: { unit: string; id?: string }; Querystring: { t?: string } }>;
type AcknowledgeRequest = FastifyRequest<{ Params: { unit: string; id?: string }; Querystring: { t?: string }; Body: { by?: string } }>;

const LINK_REFUSALS = {
  malformed: '链接不完整或格式有误，请从通知邮件中重新打开链接。',
  tampered: '链接校验未通过（可能被改动），请从通知邮件中重新打开链接。',
  expired: '链接已过期，请使用最新一次通知中的链接，或联系督查部门。',
  revoked: '此链接已被督查部门作废，请使用最新一次通知中的链接，或联系督查部门。',
  otherUnit: '此链接不属于该单位，不能查看或报送其他单位的事项。',
};

export function portalRoutes(app: FastifyInstance, ctx: WebContext): void {
  /** The unit a request's link opens, or a 403 page already sent. */
  const access = async (req: UnitRequest, reply: FastifyReply): Promise<string | undefined> => {
    const versions = await ctx.linkVersions.all();
    const check = verifyLink(req.query.t ?? '', ctx.linkSecret, Math.floor(ctx.now() / 1000), (unit) => versions[unit] ?? 0);
    if (!check.ok) return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS[check.reason]);
    if (check.claims.unit !== req.params.unit || (req.params.id && unitCodeOfId(req.params.id) !== check.claims.unit)) {
      return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS.otherUnit);
    }
    return check.claims.unit;
  };
  const schema = { querystring: portalQuery };

  app.get('/u/:unit', { schema }, async (req: UnitRequest, reply) => {
    const unit = await access(req, reply);
    if (!unit) return reply;
    const ledger = (await Promise.all((await ctx.plans()).map((p) => ctx.ledger(p)))).flat();
    const duties = unitDuties(ledger, unit, ctx.now());
    // Return reasons live in each obligation's timeline.
    const reasons: Record<string, string> = {};
    await Promise.all(
      duties
        .filter((d) => d.stage === 'returned')
        .map(async (d) => (reasons[d.id] = lastReturn((await obligationView(ctx.client, d.id)).state) ?? '')),
    );
    return page(reply, 'unit', { unitName: duties[0]?.unit ?? unit, unit, token: req.query.t, duties, reasons });
  });

  app.get('/u/:unit/o/:id', { schema }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    const view = await viewOr404(req, reply);
    if (!view) return reply;
    return page(reply, 'unit-duty', form(req, view, {}));
  });

  app.post('/u/:unit/o/:id', { schema }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    const view = await viewOr404(req, reply);
    if (!view) return reply;
    const fields: Record<string, string> = {};
    // Files stream to the store's staging folder while they are hashed: none is held whole in memory.
    const files: Upload[] = [];
    const discardAll = () => Promise.all(files.map(discardUpload));
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.filename) files.push(await stageUpload(ctx.reports.stagingDir, part.filename, part.file));
          else part.file.resume();
        } else if (part.valueTruncated) {
          throw Object.assign(new Error('field too long'), { code: 'FIELD_TOO_LONG' });
        } else {
          fields[part.fieldname] = String(part.value ?? '');
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      const limit =
        code === 'FST_REQ_FILE_TOO_LARGE'
          ? `附件过大：单个附件不能超过 ${MAX_ATTACHMENT_BYTES / 1048576} MB`
          : code === 'FST_FILES_LIMIT'
            ? `附件最多 ${MAX_ATTACHMENTS} 个`
            : code === 'FIELD_TOO_LONG'
              ? '填写的内容过长'
              : code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT'
                ? '表单项过多'
                : undefined;
      await discardAll();
      if (!limit) throw err;
      return page(reply, 'unit-duty', form(req, view, {}, `${limit}，报告未提交。`), 413);
    }
    const refuse = (status: number, message: string) => page(reply, 'unit-duty', form(req, view, fields, message), status);
    try {
      // A duty that takes no report now is refused for that (409) before the form is looked at.
      if (!allows('submit', view.state.stage)) stageRefusal(view);
      const unitPart = `（${view.spec.unit}）`;
      const person = (fields.by ?? '').trim();
      const maxPerson = MAX_NAME_CHARS - unitPart.length;
      if (!person) throw new DomainError('请填写报送人姓名', 'submitter name is required');
      if (person.length > maxPerson) throw new DomainError(`报送人姓名不能超过 ${maxPerson} 个字`, 'submitter name too long');
      const figures: Record<string, number> = {};
      for (const t of view.spec.targets) {
        const v = (fields[`figure.${t.id}`] ?? '').trim();
        if (v === '') continue; // missing: the submission check names every missing figure
        const n = /^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(v) ? Number(v.replaceAll(',', '')) : NaN;
        if (!isValidFigure(n))
          throw new DomainError(
            `“${t.label}”填写的不是有效数字（应为 0 到 ${MAX_FIGURE.toLocaleString('en-US')} 之间的数）`,
            `figure ${t.id} is not a valid number`,
          );
        figures[t.id] = n;
      }
      for (const f of files) await checkAttachmentContent(f.filename, f.head);
      const receipt = await submitWithFiles(
        ctx.client,
        ctx.reports,
        view.spec.id,
        { by: `${person}${unitPart}`, text: fields.text ?? '', figures },
        files,
      );
      return page(reply, 'receipt', { spec: view.spec, receipt, unit: req.params.unit, token: req.query.t, attachments: files.length });
    } catch (err) {
      await discardAll();
      if (!(err instanceof DomainError) && !(err instanceof AppError)) throw err;
      // The stage may have changed since the page was read (another submission won): the status follows it now.
      const stage = (await obligationView(ctx.client, view.spec.id)).state.stage;
      return refuse(refusalStatus('submit', stage), err instanceof DomainError ? err.zh : err.message);
    }
  });

  // 签收: opening the link alone acknowledges nothing; someone must be named. The first acknowledgement counts
  // (a second, or a concurrent duplicate, is a 409 naming who acknowledged first); then back to the duty's page.
  app.post(
    '/u/:unit/o/:id/acknowledge',
    { schema: { querystring: portalQuery, body: acknowledgeBody }, attachValidation: true },
    async (req: AcknowledgeRequest, reply) => {
      if (!(await access(req, reply))) return reply;
      const view = await viewOr404(req, reply);
      if (!view) return reply;
      const again = (status: number, message: string) => page(reply, 'unit-duty', form(req, view, {}, message), status);
      if (req.validationError) return again(400, req.validationError.message);
      const unitPart = `（${view.spec.unit}）`;
      const person = (req.body?.by ?? '').trim();
      const maxPerson = MAX_NAME_CHARS - unitPart.length;
      if (!person) return again(400, '请填写签收人姓名');
      if (person.length > maxPerson) return again(400, `签收人姓名不能超过 ${maxPerson} 个字`);
      try {
        await acknowledge(ctx.client, view.spec.id, { by: `${person}${unitPart}` });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return again(err.httpStatus, err.message);
      }
      return reply.redirect(`/u/${req.params.unit}/o/${encodeURIComponent(view.spec.id)}?t=${encodeURIComponent(req.query.t ?? '')}`, 303);
    },
  );

  const viewOr404 = async (req: UnitRequest, reply: FastifyReply): Promise<ObligationView | undefined> => {
    try {
      return await obligationView(ctx.client, req.params.id!);
    } catch (err) {
      if (err instanceof NotFound) return void refusal(reply, err.httpStatus, '未找到报送事项', err.message);
      throw err;
    }
  };
}

/** Throws the workflow's own words for a stage that takes no report (already submitted, closed). */
function stageRefusal(view: ObligationView): never {
  const figures = Object.fromEntries(view.spec.targets.map((t) => [t.id, 0]));
  checkSubmit(view.state, view.spec, { by: '-', text: '-', figures }); // throws on the stage, before looking at the rest
  throw new DomainError('该事项当前不接受报送', `stage ${view.state.stage} takes no report`);
}

function form(req: UnitRequest, view: ObligationView, values: Record<string, string>, error?: string) {
  return {
    spec: view.spec,
    state: view.state,
    unit: req.params.unit,
    token: req.query.t,
    values,
    error,
    returned: lastReturn(view.state),
    maxMb: MAX_ATTACHMENT_BYTES / 1048576,
    maxFiles: MAX_ATTACHMENTS,
    maxName: MAX_NAME_CHARS - view.spec.unit.length - 2,
    acknowledged: acknowledgementOf(view.state),
  };
}

/** The reason of the latest return, while the report is still owed again. */
function lastReturn(state: ObligationView['state']): string | undefined {
  if (state.stage !== 'returned') return undefined;
  const note = [...state.timeline].reverse().find((e) => e.kind === 'returned')?.note;
  return note?.replace(/新截止 (\S+)$/, (_, iso: string) => `新截止 ${chineseDateTime(iso)}`);
}
