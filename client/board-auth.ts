// The board's accounts, sessions and login counts as the web and the CLI reach them (they do not open the store
// themselves): with DUBAN_DATABASE_URL in PostgreSQL, shared by every web process and host; else the accounts file
// and the data folder's board-auth.db.
import { openStores, type BoardAuthStores } from '../store/from-env';
import type { BoardUserChange } from '../config/board-users';

export type { BoardAuthStores };
export type { BoardSessions, BoardSession } from '../store/board-sessions';
export type { LoginAttempts, WindowCheck, WindowRefusal } from '../store/login-attempts';
export type { BoardAccounts } from '../store/board-accounts';
/** Signs and checks the board's device cookies (web/auth/device.ts) as the units' links are signed. */
export { hmacMatches, hmacOf } from '../store/links/hmac';

/**
 * Adds or changes one board account where this deployment keeps them: the database with DUBAN_DATABASE_URL,
 * else `file` (the accounts file). Returns where it was saved, for the message.
 */
export async function saveBoardAccount(
  change: BoardUserChange,
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const stores = await openStores(file && !env.DUBAN_DATABASE_URL ? { ...env, DUBAN_BOARD_USERS: file } : env);
  try {
    const { accounts } = stores.boardAuth();
    await accounts.save(change);
    return accounts.where;
  } finally {
    await stores.close();
  }
}
