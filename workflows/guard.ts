// Validators speak Chinese to users: a DomainError becomes a non-retryable failure carrying the Chinese text.
import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '../domain/errors';

export function guard(check: () => void): void {
  try {
    check();
  } catch (err) {
    if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.zh, 'Refused', err.en);
    throw err;
  }
}
