// One unit, one duty, one deadline: reminds, collects the report, takes the review, escalates while
// nothing is submitted, and tells its round and plan of every change. Rules live in domain/obligation; the run's
// parts in workflows/obligation/, put together here in the order the histories recorded.
import type * as life from '../domain/obligation/lifecycle';
import type { ObligationSpec } from '../domain/obligation/spec';
import { patchBundle, patchesTaken } from './patches';
import { openRun } from './obligation/run';
import { handleSignalsAndQueries } from './obligation/handlers';
import { handleUpdates } from './obligation/updates';
import { openPublisher } from './obligation/publish';
import { noticeDelivery } from './obligation/delivery';
import { noticesAhead } from './obligation/notices-ahead';
import { runUntilClosed } from './obligation/main-loop';
import type { ObligationState } from '../domain/obligation/state';

/** Every patch of the obligation so far, taken by new executions under one marker (workflows/patches.ts). */
const OBLIGATION_PATCHES = [
  'late-start-catch-up',
  'office-hours-catch-up',
  'publish-in-passing',
  'upsert-on-change',
  'store-reports',
  'acknowledge',
  'round-knows-opening',
  'tell-followers-locally',
  'queued-notices',
  'extension-applications',
  'publish-while-delivering',
  'one-upsert-at-start',
  'queue-ahead',
] as const;

/** An obligation started by a round (a 回头看's, a 整改) or before version 2: its patches under one marker. */
export async function obligationWorkflow(spec: ObligationSpec, carried?: ObligationState): Promise<ObligationState> {
  return runObligation(spec, carried, patchBundle('obligation-patches-2026-12', OBLIGATION_PATCHES));
}

/**
 * The same obligation, started by `duban start`: every patch above taken without a marker (a marker costs two events
 * and a visibility write per execution). Workers from before do not know this type, so none of them runs one.
 */
export async function obligationWorkflowV2(spec: ObligationSpec, carried?: ObligationState): Promise<ObligationState> {
  return runObligation(spec, carried, patchesTaken(OBLIGATION_PATCHES));
}

async function runObligation(
  spec: ObligationSpec,
  carried: ObligationState | undefined,
  isPatched: (id: string) => boolean,
): Promise<ObligationState> {
  // Each step asks its patches (and a buffered message its handler's) in this order: the histories' order.
  const { run, flags } = openRun(spec, carried, isPatched);
  const messages = handleSignalsAndQueries(run);
  handleUpdates(run);
  const publisher = openPublisher(run, flags);
  const delivery = noticeDelivery(run);
  const ahead = noticesAhead(run, flags.queueAhead, messages.arranged);
  return runUntilClosed(run, { flags, messages, publisher, delivery, ahead });
}
