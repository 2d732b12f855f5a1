// The report portal: a unit opens its page through the signed link in its notices (scoped to that unit,
// expiring, revocable), sees its duties with deadlines and lights, and submits a report with figures and
// attachments.
import { unavailable } from '../client/unavailable';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unitAccess, type UnitRequest } from './unit-access';
import { dutyOrder, unitDuties } from '../domain/obligation/board';
import { arrangedScoringRules } from '../client/plan-arrangements';
import { acknowledgementOf, checkAcknowledge } from '../domain/obligation/acknowledge';
import { extensionView } from './extension-view';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../domain/obligation/report';
import { checkSubmit } from '../domain/obligation/lifecycle';
import { DomainError } from '../domain/errors';
import { obligationView, ObligationView, type ReportDraft, submittedAlready, submitWithFiles } from '../client/operations';
import { discardUploads } from '../client/uploads';
import { figuresOf, maxPersonChars, readReportForm, submitterOf } from './report-form';
import { checkAttachmentContent } from '../client/attachment-content';
import { AppError, NotFound, Refused } from '../client/errors';
import { page, refusal } from './render';
import { timelineNote } from '../domain/notices/readable';
import { allows, refusalStatus } from './refusal-status';
import { acknowledgeBody, portalQuery } from './schemas';
import { busyReportForm } from './portal-busy';
import { inFreshTime, inRequestTime } from './request-deadline';
import { AcknowledgeOnce, acknowledgerOf } from './acknowledge-once';
import { InFlight } from './in-flight';
import type { WebContext } from './context';
import { planOffice, plansWithOffices } from '../client/plan-offices';
import { dutiesByOffice, NO_OFFICE } from './portal-offices';

type AcknowledgeRequest = FastifyRequest<{ Params: { unit: string; id?: string }; Querystring: { t?: string }; Body: { by?: string } }>;

export function portalRoutes(app: FastifyInstance, ctx: WebContext): void {
  const access = unitAccess(ctx);
  const schema = { querystring: portalQuery };
  const acknowledging = new AcknowledgeOnce(ctx.client);

  app.get('/u/:unit', { schema }, async (req: UnitRequest, reply) => {
    const unit = await access(req, reply);
    if (!unit) return reply;
    const plans = await ctx.plans();
    const offices = plansWithOffices(ctx.client, plans);
    // Each plan's lights on the holiday arrangements its obligations follow.
    const perPlan = await Promise.all(
      plans.map(async (p) => {
        const [ledger, rules] = await Promise.all([ctx.ledger(p), arrangedScoringRules(ctx.client, p)]);
        return unitDuties(ledger, unit, ctx.now(), rules.holidays);
      }),
    );
    const duties = perPlan.flat().sort(dutyOrder);
    // Return reasons live in each obligation's timeline.
    const reasons: Record<string, string> = {};
    await Promise.all(
      duties
        .filter((d) => d.stage === 'returned')
        .map(async (d) => (reasons[d.id] = lastReturn((await obligationView(ctx.client, d.id)).state) ?? '')),
    );
    const groups = dutiesByOffice(duties, await offices);
    return page(reply, 'unit', { unitName: duties[0]?.unit ?? unit, unit, token: req.query.t, duties, groups, reasons });
  });

  app.get('/u/:unit/o/:id', { schema }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    // The issuing office is named on the duty's page (a unit may owe duties to several offices).
    const view = await viewOr404(req, reply);
    if (!view) return reply;
    const office = (await planOffice(ctx.client, view.spec.plan).catch(() => undefined)) ?? NO_OFFICE;
    return page(reply, 'unit-duty', { ...dutyPage(req, view, {}), office });
  });

  app.post('/u/:unit/o/:id', { schema }, async (req: UnitRequest, reply) => {
    if (!(await access(req, reply))) return reply;
    // The duty cannot be read (Temporal away, the time limit passed): 503 with what the unit typed kept.
    const view = await inRequestTime(() => viewOr404(req, reply)).catch((err: unknown) => {
      const away = unavailable(err);
      if (!away) throw err;
      return busyReportForm(req, reply, ctx.reports.stagingDir, away).then(() => undefined);
    });
    if (!view) return reply;
    const read = await readReportForm(req, ctx.reports.stagingDir);
    if ('limit' in read) return page(reply, 'unit-duty', dutyPage(req, view, {}, `${read.limit}，报告未提交。`), 413);
    const files = read.files;
    const fields = Object.fromEntries(Object.entries(read.fields).map(([k, v]) => [k, v[0] ?? '']));
    const refuse = (status: number, message: string) => page(reply, 'unit-duty', dutyPage(req, view, fields, message), status);
    try {
      const draft = reportDraftOf(view, fields);
      // A duty that takes no report now is refused for that (409) before the form's own faults, unless this is the
      // very report that went in (sent again): then its receipt. A form that is not even valid is no resend.
      if (!allows('submit', view.state.stage)) {
        const again = draft instanceof DomainError ? undefined : submittedAlready(view.state, view.spec.id, draft, files);
        if (again) {
          await discardUploads(files);
          return page(reply, 'receipt', {
            spec: view.spec,
            receipt: again,
            unit: req.params.unit,
            token: req.query.t,
            attachments: files.length,
          });
        }
        stageRefusal(view);
      }
      if (draft instanceof DomainError) throw draft;
      for (const f of files) await checkAttachmentContent(f.filename, f.head);
      // Within a time limit from the upload's end, a hanging store included (web/request-deadline.ts).
      const receipt = await inFreshTime(() => submitWithFiles(ctx.client, ctx.reports, view.spec.id, draft, files, view));
      return page(reply, 'receipt', { spec: view.spec, receipt, unit: req.params.unit, token: req.query.t, attachments: files.length });
    } catch (err) {
      await discardUploads(files);
      // Temporal or the store away, a full disk: 503 / 507 above what the unit typed, logged in one line.
      const away = unavailable(err);
      if (away) return (console.error(`[web] 报送 ${view.spec.id}：${away.log}`), refuse(away.status, away.message));
      if (!(err instanceof DomainError) && !(err instanceof AppError)) throw err;
      // The page's own checks refused on the stage it read. The workflow's refusal may come from a stage changed since
      // (another submission won): the status follows the stage it names, so fifty refused at once ask nothing more of
      // the duty (npm run probe, row 12); one naming none (a worker from before, a duty closed meanwhile) reads it
      // again, one reading shared by all refused at that moment.
      const named = err instanceof Refused ? err.stage : undefined;
      const stage = err instanceof DomainError ? view.state.stage : (named ?? (await readDuty(view.spec.id)).state.stage);
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
      const acknowledger = (view: ObligationView) => acknowledgerOf(req.body, req.validationError?.message, view);
      const who = (view: ObligationView) => {
        const a = acknowledger(view);
        return 'by' in a ? a.by : undefined;
      };
      for (;;) {
        // Concurrent acknowledgements of one duty: one read and one update, the others answered from them.
        const shared = acknowledging.run(req.params.id!, who);
        const outcome = await shared.result;
        if ('notFound' in outcome) return refusal(reply, outcome.notFound.httpStatus, '未找到报送事项', outcome.notFound.message);
        const { view, state, refusal: refused } = outcome;
        const again = (status: number, message: string) => page(reply, 'unit-duty', dutyPage(req, view, {}, message), status);
        const mine = acknowledger(view);
        if ('invalid' in mine) return again(400, mine.invalid);
        if (refused) return again(refused.httpStatus, refused.message);
        if (!state) continue; // the first request's form could not be used and it sent nothing: this one goes again
        if (!shared.first) {
          try {
            checkAcknowledge(state, { by: mine.by }); // refused with who acknowledged first
          } catch (err) {
            if (err instanceof DomainError) return again(409, err.zh);
            throw err;
          }
        }
        return reply.redirect(
          `/u/${req.params.unit}/o/${encodeURIComponent(view.spec.id)}?t=${encodeURIComponent(req.query.t ?? '')}`,
          303,
        );
      }
    },
  );

  // Requests for one duty at the same moment (fifty people sending one report again) share one reading of it:
  // fifty pairs of queries queued on one workflow can outlast the query's own deadline (503 for an answerable request).
  const reading = new InFlight<ObligationView>();
  const readDuty = (id: string) => reading.run(id, () => obligationView(ctx.client, id)).result;
  const viewOr404 = async (req: UnitRequest, reply: FastifyReply): Promise<ObligationView | undefined> => {
    try {
      return await readDuty(req.params.id!);
    } catch (err) {
      if (err instanceof NotFound) return void refusal(reply, err.httpStatus, '未找到报送事项', err.message);
      throw err;
    }
  };
}

/** The report in the form, or the refusal of a form that is not valid (no submitter's name, a figure not a number). */
function reportDraftOf(view: ObligationView, fields: Record<string, string>): ReportDraft | DomainError {
  try {
    const by = submitterOf(fields.by, view.spec.unit);
    const figures = figuresOf(view.spec.targets, (id) => fields[`figure.${id}`]);
    return { by, text: fields.text ?? '', figures };
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

/** Throws the workflow's own words for a stage that takes no report (already submitted, closed). */
function stageRefusal(view: ObligationView): never {
  const figures = Object.fromEntries(view.spec.targets.map((t) => [t.id, 0]));
  checkSubmit(view.state, view.spec, { by: '-', text: '-', figures }); // throws on the stage, before looking at the rest
  throw new DomainError('该事项当前不接受报送', `stage ${view.state.stage} takes no report`);
}

/** What the duty page shows: the duty, its state, the forms' values and a refusal, if any. */
export function dutyPage(req: UnitRequest, view: ObligationView, values: Record<string, string>, error?: string, now = Date.now()) {
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
    maxName: maxPersonChars(view.spec.unit),
    acknowledged: acknowledgementOf(view.state),
    extension: extensionView(view, now),
  };
}

/** The reason of the latest return, while the report is still owed again. */
function lastReturn(state: ObligationView['state']): string | undefined {
  if (state.stage !== 'returned') return undefined;
  const note = [...state.timeline].reverse().find((e) => e.kind === 'returned')?.note;
  return note ? timelineNote({ kind: 'returned', note }) : undefined;
}
