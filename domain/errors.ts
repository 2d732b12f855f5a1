/**
 * An error in what a user gave duban (a plan, a date, a submission): never a bug.
 * Carries the Chinese message users read and the English one for logs and developers.
 */
export class DomainError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} (${en})`);
    this.name = 'DomainError';
  }
}
