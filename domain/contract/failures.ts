// The failure type names that cross between duban's workflows and their clients (ApplicationFailure `type`):
// the workflow raises them, the client reads them back by type, never by message. Running workflows and their
// histories carry these strings, so they are never renamed.

import type { Stage } from '../obligation/state';

/**
 * A validator refused an update by the work's own rules: the message is the Chinese reason, the first detail
 * English; an obligation's refusals carry the stage it refused in as a second detail ({@link RefusedIn}).
 */
export const REFUSED_FAILURE = 'Refused';

/** The stage an obligation refused an update in: its caller answers 409 or 400 without asking the duty again. */
export interface RefusedIn {
  stage: Stage;
}

/** The stage a refusal's details name, if they name one (refusals of workers from before name none). */
export function refusedIn(details: readonly unknown[] | null | undefined): Stage | undefined {
  const d = details?.[1] as Partial<RefusedIn> | undefined;
  return typeof d?.stage === 'string' ? d.stage : undefined;
}

/**
 * The server's rejection of an update that a completed workflow task carried but the worker did not answer: nothing
 * was applied, so the update may be sent again. Named by the Temporal server, not by duban.
 */
export const UNPROCESSED_UPDATE_FAILURE = 'UnprocessedUpdate';
