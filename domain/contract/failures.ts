// The failure type names that cross between duban's workflows and their clients (ApplicationFailure `type`):
// the workflow raises them, the client reads them back by type, never by message. Running workflows and their
// histories carry these strings, so they are never renamed.

/** A validator refused an update by the work's own rules: the message is the Chinese reason, the detail English. */
export const REFUSED_FAILURE = 'Refused';

/**
 * The server's rejection of an update that a completed workflow task carried but the worker did not answer: nothing
 * was applied, so the update may be sent again. Named by the Temporal server, not by duban.
 */
export const UNPROCESSED_UPDATE_FAILURE = 'UnprocessedUpdate';
