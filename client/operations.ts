// What people do to one obligation, in one place for the CLI, the portal and the board: look at it, submit a
// report (with its files), review, extend, 签收. Refusals come back as one Chinese line (see refusals.ts).
import { Client, QueryNotRegisteredError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { ExtendRequest, Receipt, ReviewRequest, SubmitRequest } from '../domain/obligation/lifecycle';
import { checkExtend, checkReview, checkSubmit } from '../domain/obligation/lifecycle';
import { isOwing, type ObligationState } from '../domain/obligation/state';
import { AcknowledgeRequest, checkAcknowledge } from '../domain/obligation/acknowledge';
import type { ObligationSpec } from '../domain/obligation/spec';
import {
  acknowledgeObligation,
  extendDeadline,
  obligationSpec,
  obligationState,
  reviewReport,
  submitReport,
} from '../domain/contract/messages';
import { describeAttachment, reportBody, sha256, type ReportStore } from '../store/report-store';
import { discardUpload, type Upload } from '../store/uploads';
import { refusedBy, refusing } from './refusals';
import { GRPC_STATUS, grpcStatusOf } from './grpc-status';
import { NotFound } from './errors';

export interface ObligationView {
  spec: ObligationSpec;
  state: ObligationState;
}

export async function obligationView(client: Client, id: string): Promise<ObligationView> {
  const h = client.workflow.getHandle(id);
  // One after the other: fifty refused submissions of one duty each reading it again would queue twice as many
  // queries on its workflow at once, past the query's deadline (npm run probe, row 12).
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
        const late = grpcStatusOf(err) === GRPC_STATUS.deadlineExceeded;
        const workerGone = err instanceof ServiceError && !(err instanceof WorkflowNotFoundError) && !late && attempt < 12;
        if (!replaying && !workerGone) throw err;
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** (attempt - 1), 2000)));
      }
    }
  }, `未找到报送事项 ${id}`);
}

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
  /** The duty as the caller has just read it (the portal, for its page): not asked again. */
  read?: ObligationView,
): Promise<Receipt> {
  try {
    const { spec, state } = read ?? (await obligationView(client, id));
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

export const review = (client: Client, id: string, req: ReviewRequest): Promise<ObligationState> =>
  updateObligation(client, id, reviewReport, req, (state) => checkReview(state, req, Date.now()));

export const extend = (client: Client, id: string, req: ExtendRequest): Promise<ObligationState> =>
  updateObligation(client, id, extendDeadline, req, (state) => checkExtend(state, req, Date.now()));

/** 签收: the unit confirms receipt; a second acknowledgement is refused with who acknowledged first. */
export const acknowledge = (client: Client, id: string, req: AcknowledgeRequest): Promise<ObligationState> =>
  updateObligation(client, id, acknowledgeObligation, req, (state) => checkAcknowledge(state, req));

/** An update of one obligation's state; `check` is the workflow's own validator, asked again if it has just closed. */
export function updateObligation<R>(
  client: Client,
  id: string,
  update: UpdateDefinition<ObligationState, [R]>,
  req: R,
  check: (state: ObligationState) => void,
): Promise<ObligationState> {
  return closedAware(client, id, () => client.workflow.getHandle(id).executeUpdate(update, { args: [req] }), check);
}

/**
 * An update to an obligation whose workflow has just closed (accepted or cancelled a moment ago) finds no
 * running workflow: its final state then gives the same refusal the workflow would have given.
 */
async function closedAware<T>(client: Client, id: string, update: () => Promise<T>, check: (state: ObligationState) => void): Promise<T> {
  try {
    return await refusing(update, `未找到报送事项 ${id}`);
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
    const { state } = await obligationView(client, id);
    refusedBy(() => check(state)); // refused like any other refusal
    throw err;
  }
}
