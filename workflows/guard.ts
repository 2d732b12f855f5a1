// Validators speak Chinese to users: a DomainError becomes a non-retryable failure carrying the Chinese text, of
// the type the client reads back as a refusal.
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors';
import { REFUSED_FAILURE } from '../domain/contract/failures';

export function guard(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.zh, REFUSED_FAILURE, err.en);
    throw err;
  }
}
