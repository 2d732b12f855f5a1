// The board's accounts: the YAML file of the embedded default (config/board-users.ts), or the board_accounts
// table with DUBAN_DATABASE_URL, so every web process and `duban board-user` on any host see the same accounts.
import type { BoardUser, BoardUserChange } from '../config/board-users';

export interface BoardAccounts {
  /** Where they are kept, for messages (a file, or the database without its password). */
  where: string;
  /** Every account, in the order they were added. */
  all(): Promise<BoardUser[]>;
  /** Adds or changes one account (a new one needs a password); the others are kept. */
  save(change: BoardUserChange): Promise<void>;
}
