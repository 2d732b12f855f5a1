// Validators speak Chinese to users: a DomainError becomes a non-retryable failure carrying the Chinese text, of
// the type the client reads back as a refusal. A rejected update is not written to history, so what the refusal
// carries may change without a patch.
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors';
import { REFUSED_FAILURE, type RefusedIn } from '../domain/contract/failures';

/** Runs `check`; its DomainError becomes the refusal, with `refusedIn` (an obligation's stage) when given. */
export function guard(check: () => void, refusedIn?: () => RefusedIn): void {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError)
      throw ApplicationFailure.nonRetryable(err.zh, REFUSED_FAILURE, err.en, ...(refusedIn ? [refusedIn()] : []));
    throw err;
  }
}
