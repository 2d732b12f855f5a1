// How a workflow's answers become the client's typed errors: a validator's refusal (REFUSED_FAILURE) a Refused, an
// unknown id a NotFound, an update the worker never saw sent again and then Busy. Read by type and gRPC status,
// never by message.
import { QueryNotRegisteredError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { REFUSED_FAILURE, refusedIn, UNPROCESSED_UPDATE_FAILURE } from '../domain/contract/failures';
import { DomainError } from '../domain/errors';
import { Busy, NotFound, Refused } from './errors';
import { GRPC_STATUS, grpcStatusOf } from './grpc-status';

/** Times an update the workflow never saw is sent again before the error is passed on. */
const UNPROCESSED_UPDATE_ATTEMPTS = 5;

/** The failure an update failed with, when it is a typed one. */
const updateFailure = (err: unknown): ApplicationFailure | undefined =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause : undefined;

/**
 * The server's rejection of an update that a completed workflow task carried but the worker did not answer (seen
 * under a burst of concurrent updates to one workflow): nothing was applied, so the update may be sent again.
 */
const unprocessedUpdate = (err: unknown) => updateFailure(err)?.type === UNPROCESSED_UPDATE_FAILURE;

/** No workflow under that id, or one of another kind (a round, a plan has no such query): not what was asked for. */
const notFound = (err: unknown) =>
  err instanceof WorkflowNotFoundError ||
  err instanceof QueryNotRegisteredError ||
  (err instanceof ServiceError && grpcStatusOf(err) === GRPC_STATUS.notFound);

/** Workflow refusals (validators) and unknown ids become one-line user errors. */
export async function refusing<T>(fn: () => Promise<T>, notFoundMessage: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (unprocessedUpdate(err)) {
        if (attempt === UNPROCESSED_UPDATE_ATTEMPTS) throw new Busy('系统繁忙，本次操作未生效，请稍后重试');
        await new Promise((r) => setTimeout(r, 100 * attempt));
        continue;
      }
      if (notFound(err)) throw new NotFound(notFoundMessage);
      const failure = updateFailure(err);
      if (failure?.type === REFUSED_FAILURE) throw new Refused(failure.message, refusedIn(failure.details));
      // Any other failure of an update (a workflow without that handler, one that closed meanwhile) applied nothing
      // either: refused in the words the server gave.
      if (failure) throw new Refused(failure.message);
      throw err;
    }
  }
}

/** The refusal of a domain check run in the client (the same words the workflow's validator would give). */
export function refusedBy(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) throw new Refused(err.zh);
    throw err;
  }
}
