// The board accounts of a shared store (PostgreSQL) as this web process sees them: read before a board request
// runs (at most once a second, concurrent requests sharing one read), so a new account, a new password or a
// disabled account applies on every process within a second, while the handlers read the list synchronously.
import type { BoardUser } from '../../config/board-users';
import type { BoardAccounts } from '../../client/board-auth';

export class AccountsView {
  private users: BoardUser[] = [];
  private readAt = -Infinity;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly accounts: BoardAccounts,
    private readonly maxAgeMs = 1000,
  ) {}

  readonly list = (): BoardUser[] => this.users;

  readonly refresh = async (nowMs = Date.now()): Promise<void> => {
    if (nowMs - this.readAt < this.maxAgeMs) return;
    this.reading ??= this.accounts
      .all()
      .then((users) => {
        this.users = users;
        this.readAt = nowMs;
      })
      .finally(() => (this.reading = undefined));
    await this.reading;
  };
}
