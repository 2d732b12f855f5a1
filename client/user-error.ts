/** An error the CLI prints as one Chinese line and exits with status 2 (bad input), never a stack trace. */
export class UserError extends Error {
  readonly exitCode = 2;
}
