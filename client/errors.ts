// The application layer's errors: what the CLI, the portal and the board tell people in one Chinese line, by
// kind. Each kind has its HTTP status here, in one place; the CLI exits with status 2 for all of them (the
// documented status of a refused command), after the one-line message that names the kind.
import type { Stage } from '../domain/obligation/state';

export type AppErrorKind = 'invalid' | 'not-found' | 'refused' | 'conflict' | 'busy';

const HTTP_STATUS: Record<AppErrorKind, number> = { invalid: 400, 'not-found': 404, refused: 409, conflict: 409, busy: 503 };

/** Input that cannot be used as given (a bad date, a missing name, an ambiguous plan). */
export class AppError extends Error {
  readonly kind: AppErrorKind = 'invalid';
  /** Every refusal exits with 2: scripts built on the CLI tell them apart by the message, not the status. */
  readonly exitCode = 2;
  get httpStatus(): number {
    return HTTP_STATUS[this.kind];
  }
}

/** The plan, round or obligation named does not exist (or no longer runs). */
export class NotFound extends AppError {
  override readonly kind = 'not-found';
}

/** The work's own rules say no now (already submitted, closed, a look-back of a look-back). */
export class Refused extends AppError {
  override readonly kind = 'refused';
  constructor(
    message: string,
    /** The stage an obligation refused in, when it said (its workflow's validator does). */
    readonly stage?: Stage,
  ) {
    super(message);
  }
}

/** What is asked for exists already (a plan already running, the look-backs of a round used up). */
export class Conflict extends AppError {
  override readonly kind = 'conflict';
}

/** Nothing was done and the same request may succeed in a moment (the workflow did not get to it). */
export class Busy extends AppError {
  override readonly kind = 'busy';
}
