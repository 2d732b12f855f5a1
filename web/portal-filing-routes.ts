// 合并报送: from its portal page a unit files one report (text, figures, attachments) for several of its open
// duties at once. Each duty gets its own receipt; all refer to the one stored report.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { unitDuties } from '../domain/obligation/board';
import { isOwing } from '../domain/obligation/state';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { DomainError } from '../domain/errors';
import { obligationView, type ObligationView } from '../client/operations';
import { fileForSeveral, MAX_DUTIES_PER_FILING } from '../client/filing';
import { checkAttachmentContent } from '../client/attachment-content';
import { AppError } from '../client/errors';
import { discardUploads } from '../client/uploads';
import { figuresOf, maxPersonChars, readReportForm, submitterOf } from './report-form';
import { page } from './render';
import { portalQuery } from './schemas';
import { unitAccess, type UnitRequest } from './unit-access';
import type { WebContext } from './context';
import { plansWithOffices } from '../client/plan-offices';
import { officeNames } from './portal-offices';

/** A figure's form field: the duty's id and the target's id, neither of which contains a colon. */
const figureField = (obligation: string, target: string) => `figure:${obligation}:${target}`;

export function portalFilingRoutes(app: FastifyInstance, ctx: WebContext): void {
  const access = unitAccess(ctx);
  const schema = { querystring: portalQuery };

  /** The unit's duties that still take a report, with their specs (for the targets' figures). */
  const owing = async (unit: string, plans: string[]): Promise<ObligationView[]> => {
    const ledger = (await Promise.all(plans.map((p) => ctx.ledger(p)))).flat();
    const rows = unitDuties(ledger, unit, ctx.now()).filter((d) => isOwing(d.stage));
    return Promise.all(rows.map((d) => obligationView(ctx.client, d.id)));
  };

  const show = async (req: UnitRequest, reply: FastifyReply, unit: string, status = 200, error?: string, values: Values = {}) => {
    const plans = await ctx.plans();
    const [views, offices] = await Promise.all([owing(unit, plans), plansWithOffices(ctx.client, plans)]);
    const duties = views.filter((v) => isOwing(v.state.stage));
    const unitName = duties[0]?.spec.unit ?? unit;
    return page(
      reply,
      'unit-filing',
      {
        unit,
        unitName,
        token: req.query.t,
        duties,
        values,
        error,
        figureField,
        officeOf: officeNames(offices), // a unit owing to several offices sees whose each duty is
        maxName: maxPersonChars(unitName),
        maxMb: MAX_ATTACHMENT_BYTES / 1048576,
        maxFiles: MAX_ATTACHMENTS,
        maxDuties: MAX_DUTIES_PER_FILING,
      },
      status,
    );
  };

  app.get('/u/:unit/file', { schema }, async (req: UnitRequest, reply) => {
    const unit = await access(req, reply);
    if (!unit) return reply;
    return show(req, reply, unit);
  });

  app.post('/u/:unit/file', { schema }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    const read = await readReportForm(req, ctx.reports.stagingDir);
    if ('limit' in read) return show(req, reply, req.params.unit, 413, `${read.limit}，报告未提交。`);
    const { fields, files } = read;
    const values: Values = { by: fields.by?.[0], text: fields.text?.[0], duties: fields.duty ?? [] };
    try {
      const ids = [...new Set(fields.duty ?? [])];
      // Only this unit's duties: the link's unit is checked against every one chosen.
      if (!(await access(req, reply, ids))) return (await discardUploads(files), reply);
      if (ids.length === 0) throw new AppError('请至少选择一个报送事项');
      if (ids.length > MAX_DUTIES_PER_FILING) throw new AppError(`一次最多为 ${MAX_DUTIES_PER_FILING} 个事项合并报送`);
      const views = await Promise.all(ids.map((id) => obligationView(ctx.client, id)));
      const by = submitterOf(values.by, views[0].spec.unit);
      const figures = Object.fromEntries(
        views.map((v) => [v.spec.id, figuresOf(v.spec.targets, (t) => fields[figureField(v.spec.id, t)]?.[0])]),
      );
      for (const f of files) await checkAttachmentContent(f.filename, f.head);
      const outcomes = await fileForSeveral(ctx.client, ctx.reports, { ids, by, text: values.text ?? '', figures }, files);
      const status = outcomes.every((o) => o.receipt) ? 200 : 207;
      return page(reply, 'filing-receipt', { outcomes, unit: req.params.unit, token: req.query.t, attachments: files.length }, status);
    } catch (err) {
      await discardUploads(files);
      if (err instanceof DomainError) return show(req, reply, req.params.unit, 400, err.zh, values);
      if (err instanceof AppError) return show(req, reply, req.params.unit, err.httpStatus, err.message, values);
      throw err;
    }
  });
}

type Values = { by?: string; text?: string; duties?: string[] };
