// What people do to a running plan, in one place for the CLI, the portal and the board: read the ledger,
// look at one obligation, submit, review, extend, start a 回头看. Refusals come back as one Chinese line.
import {
  Client,
  QueryNotRegisteredError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { taskQueue } from '../config/temporal';
import type { ExtendRequest, Receipt, ReviewRequest, SubmitRequest } from '../domain/obligation/lifecycle';
import type { ObligationState } from '../domain/obligation/state';
import { checkExtend, checkReview, checkSubmit } from '../domain/obligation/lifecycle';
import { isOwing } from '../domain/obligation/state';
import { readDue } from '../domain/calendar/deadline';
import { AcknowledgeRequest, checkAcknowledge } from '../domain/obligation/acknowledge';
import { obligationSummary, planSummary, roundSummary } from '../domain/obligation/summaries';
import { describeAttachment, reportBody, sha256, type ReportStore } from '../store/report-store';
import { discardUpload, type Upload } from '../store/uploads';
import type { ObligationSnapshot } from '../domain/obligation/notice';
import { LookBackRequest, lookBackSpec } from '../domain/obligation/rounds';
import type { ObligationSpec, RoundSpec } from '../domain/obligation/spec';
import { planInput, planRunSpec } from '../domain/obligation/spec';
import type { LoadedPlan } from '../domain/plan/load';
import { DomainError } from '../domain/errors';
import {
  acknowledgeObligation,
  extendDeadline,
  obligationSpec,
  obligationState,
  reviewReport,
  roundSnapshots,
  roundSpec,
  submitReport,
} from '../domain/contract/messages';
import { readPlanLedger } from '../store/ledger-reader';
import { scoringMemo } from '../store/scoring-memo';
import { planHolidays } from '../domain/plan/plan-holidays';
import { planDocumentsMemo } from './plan-documents';
import { scoringRules } from '../domain/scoring/rules';
import { connectClient } from './temporal-client';
import { AppError, Busy, Conflict, NotFound, Refused } from './errors';

/** Runs `fn` with a client from the environment and closes it afterwards. */
export async function withClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connectClient();
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}

/** The plan meant: the one given, or the only one running. */
export async function resolvePlan(client: Client, planId?: string): Promise<string> {
  if (planId) return planId;
  const ids = await runningPlans(client);
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw new NotFound('没有正在运行的方案：请先运行 duban start <方案文件>');
  throw new AppError(`有多个方案在运行（${ids.join('、')}），请用 --plan 指明`);
}

export async function runningPlans(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `DubanKind = 'plan' AND ExecutionStatus = 'Running'` })) ids.push(wf.workflowId);
  return ids.sort();
}

export async function planLedgerOf(client: Client, planId: string): Promise<ObligationSnapshot[]> {
  return refusing(() => readPlanLedger(client, planId), `未找到方案 ${planId}`);
}

export interface ObligationView {
  spec: ObligationSpec;
  state: ObligationState;
}

export async function obligationView(client: Client, id: string): Promise<ObligationView> {
  const h = client.workflow.getHandle(id);
  const read = async () => ({ spec: await h.query(obligationSpec), state: await h.query(obligationState) });
  return refusing(async () => {
    // An obligation that closes at this very moment (a double-clicked 审核通过) can briefly answer without its
    // handlers while the worker replays it; one cached by a worker that just died cannot answer until the server
    // gives up on that worker's sticky queue (seconds): ask again before calling it unknown or failing.
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        const replaying = err instanceof QueryNotRegisteredError && attempt < 3;
        // Past the caller's deadline (the portal's request time limit) there is no asking again.
        const late = (err as { cause?: { code?: unknown } }).cause?.code === GRPC_DEADLINE_EXCEEDED;
        const workerGone = err instanceof ServiceError && !(err instanceof WorkflowNotFoundError) && !late && attempt < 12;
        if (!replaying && !workerGone) throw err;
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** (attempt - 1), 2000)));
      }
    }
  }, `未找到报送事项 ${id}`);
}

const GRPC_DEADLINE_EXCEEDED = 4;

/** `updateId`: the same id sent again (a retry after a timed-out answer) gets the first one's receipt. */
export async function submit(client: Client, id: string, req: SubmitRequest, updateId?: string): Promise<Receipt> {
  return refusing(() => client.workflow.getHandle(id).executeUpdate(submitReport, { args: [req], updateId }), `未找到报送事项 ${id}`);
}

/** What a unit reports: the text goes to the report store, the workflow gets its reference. */
export interface ReportDraft {
  by: string;
  text: string;
  figures?: Record<string, number>;
}

/** What a report is stored as: its digest names it (content-addressed). */
function reportContent(draft: ReportDraft, uploads: Upload[]) {
  const attachments = uploads.map((u) => describeAttachment(u.filename, u.size, u.sha256));
  return { content: { by: draft.by.trim(), text: draft.text, figures: draft.figures ?? {}, attachments }, attachments };
}

/**
 * The receipt of this very report when it already went in and awaits review or is closed: the unit sent again what
 * it had sent (a double click, or a retry after 系统繁忙 whose first try still reached the workflow). It is owed that
 * receipt, not a refusal, and nothing is counted twice.
 */
export function submittedAlready(state: ObligationState, id: string, draft: ReportDraft, uploads: Upload[]): Receipt | undefined {
  const last = state.submissions.at(-1);
  if (!last || isOwing(state.stage) || !last.report) return undefined;
  return last.report.sha256 === sha256(reportBody(id, reportContent(draft, uploads).content))
    ? { receipt: last.receipt, at: last.at, onTime: last.onTime }
    : undefined;
}

/**
 * A report with its attachments (already staged, see activities/reports/upload.ts): checked against the
 * obligation's current state first (the workflow's own rules, throwing DomainError), so nothing is stored
 * for a report that would be refused; then the attachments are adopted and the report stored
 * (content-addressed, never removed) and its reference submitted. Staged files not adopted are discarded.
 */
export async function submitWithFiles(
  client: Client,
  store: ReportStore,
  id: string,
  draft: ReportDraft,
  uploads: Upload[],
): Promise<Receipt> {
  try {
    const { spec, state } = await obligationView(client, id);
    const again = submittedAlready(state, id, draft, uploads);
    if (again) return again;
    const { content, attachments } = reportContent(draft, uploads);
    checkSubmit(state, spec, { ...draft, attachments });
    for (const u of uploads) await store.adoptUpload(id, u);
    const report = await store.putSubmission(id, content);
    const request: SubmitRequest = { by: draft.by, figures: content.figures, attachments, report };
    // The same report to the same submission count is one update: a retry whose first try reached the workflow
    // but whose answer was lost (a timeout) gets that receipt instead of being refused or counted twice.
    return await submit(client, id, request, `submit-${report.sha256}-${state.submissions.length}`);
  } finally {
    await Promise.all(uploads.map(discardUpload));
  }
}

export async function review(client: Client, id: string, req: ReviewRequest): Promise<ObligationState> {
  return closedAware(
    client,
    id,
    () => client.workflow.getHandle(id).executeUpdate(reviewReport, { args: [req] }),
    (state) => checkReview(state, req, Date.now()),
  );
}

export async function extend(client: Client, id: string, req: ExtendRequest): Promise<ObligationState> {
  return closedAware(
    client,
    id,
    () => client.workflow.getHandle(id).executeUpdate(extendDeadline, { args: [req] }),
    (state) => checkExtend(state, req, Date.now()),
  );
}

/** 签收: the unit confirms receipt; a second acknowledgement is refused with who acknowledged first. */
export async function acknowledge(client: Client, id: string, req: AcknowledgeRequest): Promise<ObligationState> {
  return closedAware(
    client,
    id,
    () => client.workflow.getHandle(id).executeUpdate(acknowledgeObligation, { args: [req] }),
    (state) => checkAcknowledge(state, req),
  );
}

/**
 * An update to an obligation whose workflow has just closed (accepted or cancelled a moment ago) finds no
 * running workflow: its final state then gives the same refusal the workflow would have given.
 */
export async function closedAware<T>(
  client: Client,
  id: string,
  update: () => Promise<T>,
  check: (state: ObligationState) => void,
): Promise<T> {
  const notFound = `未找到报送事项 ${id}`;
  try {
    return await refusing(update, notFound);
  } catch (err) {
    if (!(err instanceof AppError) || err.message !== notFound) throw err;
    const { state } = await obligationView(client, id);
    try {
      check(state);
    } catch (refusal) {
      if (refusal instanceof DomainError) throw new Refused(refusal.zh); // refused like any other refusal
      throw refusal;
    }
    throw err;
  }
}

/**
 * Starts a 回头看 round on `round` (its own workflow, reporting to the plan's ledger); returns its spec. The one
 * way a 回头看 starts, from the CLI, the board and simulations (which pass their shifted `nowMs`).
 */
export async function lookBack(
  client: Client,
  round: string,
  req: Omit<LookBackRequest, 'round' | 'seq'>,
  queue = taskQueue(),
  nowMs = Date.now(),
): Promise<RoundSpec> {
  if (!req.by?.trim()) throw new AppError('请填写发起人');
  let due: string;
  try {
    due = readDue(req.due ?? '', 'due');
  } catch {
    throw new AppError(`回头看截止时间无效："${req.due ?? ''}"（应为 2024-12-20 这样的日期）`);
  }
  if (Date.parse(due) <= nowMs) throw new AppError(`回头看截止时间 ${req.due} 已经过去`);
  const h = client.workflow.getHandle(round);
  const [source, finals] = await refusing(() => Promise.all([h.query(roundSpec), h.query(roundSnapshots)]), `未找到轮次 ${round}`);
  if (source.kind === 'lookback') throw new Refused(`${round} 本身是回头看轮次，请对原轮次发起`);
  // Each look-back on a round gets the next free sequence number (…lb1, …lb2).
  for (let seq = 1; seq <= 99; seq++) {
    let spec: RoundSpec;
    try {
      spec = lookBackSpec(source, finals, { ...req, round, seq }, due, source.planWorkflowId);
    } catch (err) {
      if (err instanceof DomainError) throw new Refused(err.zh);
      throw err;
    }
    try {
      await client.workflow.start('roundWorkflow', {
        args: [spec],
        taskQueue: queue,
        workflowId: spec.round,
        // A closed 回头看 keeps its id: the next one on the round takes the next number.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: roundSummary(spec, req.by.trim()),
      });
      return spec;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  throw new Conflict(`轮次 ${round} 的回头看已达上限`);
}

/** How many starts a plan's start sends to the server at once. */
const PARALLEL_STARTS = 50;

/**
 * Starts a plan: its workflow (the year, the annual summary), each round with its own obligations (so no payload
 * holds the whole plan), then the obligations themselves, next to their rounds. Ids are deterministic: a second
 * start starts only what is missing, which also mends a start that was interrupted. Answers false when the plan
 * was already running.
 */
export async function startPlanRun(
  client: Client,
  loaded: LoadedPlan,
  opts: { taskQueue?: string; clockShiftMs?: number } = {},
): Promise<boolean> {
  const queue = opts.taskQueue ?? taskQueue();
  const spec = planRunSpec(loaded);
  const shift = opts.clockShiftMs !== undefined ? { clockShiftMs: opts.clockShiftMs } : {};
  const fresh = await startOnce(() =>
    client.workflow.start('planWorkflow', {
      args: [{ ...planInput(spec), ...shift }],
      taskQueue: queue,
      workflowId: spec.plan,
      staticSummary: planSummary(spec.title, spec.rounds.length),
      // The scoring rules live in the memo, read by whoever shows the ranking; no workflow carries them.
      memo: { ...scoringMemo(scoringRules({ ...loaded.plan.scoring, holidays: planHolidays(loaded.plan) })), ...planDocumentsMemo(loaded) },
    }),
  );
  // Mending a running plan never starts again a round or obligation that has closed (an accepted report).
  const workflowIdReusePolicy = fresh ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE';
  // Rounds first: an obligation tells its round of every change.
  await inParallel(spec.rounds, (round) =>
    startOnce(() =>
      client.workflow.start('roundWorkflow', {
        args: [{ ...round, obligationsStartedApart: true, ...shift }],
        taskQueue: queue,
        workflowId: round.round,
        workflowIdReusePolicy,
        staticSummary: roundSummary(round),
      }),
    ),
  );
  // Started here, beside their rounds (not as the rounds' children): the server's work per obligation is that of a
  // plain start, which the rounds' histories would otherwise add to.
  await inParallel(
    spec.rounds.flatMap((r) => r.obligations),
    (o) =>
      startOnce(() =>
        client.workflow.start('obligationWorkflowV2', {
          args: [{ ...o, ...shift }],
          taskQueue: queue,
          workflowId: o.id,
          workflowIdReusePolicy,
          staticSummary: obligationSummary(o),
        }),
      ),
  );
  return fresh;
}

/** Runs `work` on every item, PARALLEL_STARTS at a time. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  const pending = [...items];
  const worker = async () => {
    for (let item = pending.shift(); item !== undefined; item = pending.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: PARALLEL_STARTS }, worker));
}

/** Starts a workflow unless it is already running: false then. */
async function startOnce(start: () => Promise<unknown>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/**
 * Waits while the plan's obligation workflows are being started, reporting the count as it grows;
 * returns the last count (the total, unless `timeoutMs` passed first).
 */
export async function waitForObligations(
  client: Client,
  plan: string,
  total: number,
  onCount: (n: number) => void = () => undefined,
  timeoutMs = 120_000,
  stop: () => boolean = () => false,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  // Only this run's workflows count (a plan id started again after a termination has older ones).
  const since = (await client.workflow.getHandle(plan).describe()).startTime.toISOString();
  const query = `DubanPlan = '${plan}' AND DubanKind = 'obligation' AND StartTime >= '${since}'`;
  let n = 0;
  for (;;) {
    n = Math.min(total, (await client.workflow.count(query)).count);
    onCount(n);
    if (n >= total || Date.now() > until || stop()) return n;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Times an update the workflow never saw is sent again before the error is passed on. */
const UNPROCESSED_UPDATE_ATTEMPTS = 5;

/**
 * The server's rejection of an update that a completed workflow task carried but the worker did not answer (seen
 * under a burst of concurrent updates to one workflow): nothing was applied, so the update may be sent again.
 */
const unprocessedUpdate = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'UnprocessedUpdate';

/** Workflow refusals (validators) and unknown ids become one-line user errors. */
export async function refusing<T>(fn: () => Promise<T>, notFound: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (unprocessedUpdate(err)) {
        if (attempt === UNPROCESSED_UPDATE_ATTEMPTS) throw new Busy('系统繁忙，本次操作未生效，请稍后重试');
        await new Promise((r) => setTimeout(r, 100 * attempt));
        continue;
      }
      // A workflow of another kind under that id (a round, a plan) has no such query: not what was asked for.
      if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) throw new NotFound(notFound);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw new Refused(err.cause.message);
      if (err instanceof Error && /workflow not found|not found for ID/i.test(err.message)) throw new NotFound(notFound);
      throw err;
    }
  }
}
