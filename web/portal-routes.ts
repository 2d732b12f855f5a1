// The report portal: a unit opens its page through the signed link in its notices (scoped to that unit,
// expiring), sees its duties with deadlines and lights, and submits a report with figures and attachments.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyLink } from '../activities/links/signed-links';
import { unitCodeOf, unitDuties } from '../domain/obligation/board';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { DomainError } from '../domain/errors';
import { obligationView, ObligationView, submitWithFiles } from '../client/operations';
import { UserError } from '../client/user-error';
import { page, refusal } from './render';
import { chineseDateTime } from '../domain/notices/format';
import type { WebContext } from './context';

type UnitRequest = FastifyRequest<{ Params: { unit: string; id?: string }; Querystring: { t?: string } }>;

const LINK_REFUSALS = {
  malformed: '链接不完整或格式有误，请从通知邮件中重新打开链接。',
  tampered: '链接校验未通过（可能被改动），请从通知邮件中重新打开链接。',
  expired: '链接已过期，请使用最新一次通知中的链接，或联系督查部门。',
  otherUnit: '此链接不属于该单位，不能查看或报送其他单位的事项。',
};

export function portalRoutes(app: FastifyInstance, ctx: WebContext): void {
  /** The unit a request's link opens, or a 403 page already sent. */
  const access = (req: UnitRequest, reply: FastifyReply): string | undefined => {
    const check = verifyLink(req.query.t ?? '', ctx.linkSecret, Math.floor(ctx.now() / 1000));
    if (!check.ok) return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS[check.reason]);
    if (check.claims.unit !== req.params.unit || (req.params.id && unitCodeOf(req.params.id) !== check.claims.unit)) {
      return void refusal(reply, 403, '无法打开报送页面', LINK_REFUSALS.otherUnit);
    }
    return check.claims.unit;
  };

  app.get('/u/:unit', async (req: UnitRequest, reply) => {
    const unit = access(req, reply);
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

  app.get('/u/:unit/o/:id', async (req: UnitRequest, reply) => {
    if (!access(req, reply)) return reply;
    const view = await viewOr404(req, reply);
    if (!view) return reply;
    return page(reply, 'unit-duty', form(req, view, {}));
  });

  app.post('/u/:unit/o/:id', async (req: UnitRequest, reply) => {
    if (!access(req, reply)) return reply;
    const view = await viewOr404(req, reply);
    if (!view) return reply;
    const fields: Record<string, string> = {};
    const files: { filename: string; content: Buffer }[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          if (part.filename) files.push({ filename: part.filename, content });
        } else {
          fields[part.fieldname] = String(part.value ?? '');
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      const limit = code === 'FST_REQ_FILE_TOO_LARGE' ? `附件过大：单个附件不能超过 ${MAX_ATTACHMENT_BYTES / 1048576} MB` : code === 'FST_FILES_LIMIT' ? `附件最多 ${MAX_ATTACHMENTS} 个` : undefined;
      if (!limit) throw err;
      return page(reply, 'unit-duty', form(req, view, fields, `${limit}，报告未提交。`), 413);
    }
    const person = (fields.by ?? '').trim();
    const figures: Record<string, number> = {};
    for (const t of view.spec.targets) {
      const v = (fields[`figure.${t.id}`] ?? '').trim();
      if (v !== '') figures[t.id] = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    }
    try {
      if (!person) throw new DomainError('请填写报送人姓名', 'submitter name is required');
      const bad = view.spec.targets.find((t) => Number.isNaN(figures[t.id]));
      if (bad) throw new DomainError(`“${bad.label}”应填写不小于 0 的数字`, `figure ${bad.id} is not a number`);
      const receipt = await submitWithFiles(ctx.client, ctx.reports, view.spec.id, { by: `${person}（${view.spec.unit}）`, text: fields.text ?? '', figures }, files);
      return page(reply, 'receipt', { spec: view.spec, receipt, unit: req.params.unit, token: req.query.t, attachments: files.length });
    } catch (err) {
      if (err instanceof DomainError) return page(reply, 'unit-duty', form(req, view, fields, err.zh), 400);
      if (err instanceof UserError) return page(reply, 'unit-duty', form(req, view, fields, err.message), 409);
      throw err;
    }
  });

  const viewOr404 = async (req: UnitRequest, reply: FastifyReply): Promise<ObligationView | undefined> => {
    try {
      return await obligationView(ctx.client, req.params.id!);
    } catch (err) {
      if (err instanceof UserError) return void refusal(reply, 404, '未找到报送事项', err.message);
      throw err;
    }
  };
}

function form(req: UnitRequest, view: ObligationView, values: Record<string, string>, error?: string) {
  return { spec: view.spec, state: view.state, unit: req.params.unit, token: req.query.t, values, error, returned: lastReturn(view.state), maxMb: MAX_ATTACHMENT_BYTES / 1048576, maxFiles: MAX_ATTACHMENTS };
}

/** The reason of the latest return, while the report is still owed again. */
function lastReturn(state: ObligationView['state']): string | undefined {
  if (state.stage !== 'returned') return undefined;
  const note = [...state.timeline].reverse().find((e) => e.kind === 'returned')?.note;
  return note?.replace(/新截止 (\S+)$/, (_, iso: string) => `新截止 ${chineseDateTime(iso)}`);
}
