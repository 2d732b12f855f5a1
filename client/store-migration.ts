// Moving an embedded deployment to PostgreSQL (`duban store migrate --to <url>`): the data folder named by the
// environment (DUBAN_DATA_DIR, the accounts file DUBAN_BOARD_USERS) is copied into the database, whose schema is
// brought up to date first, and checked there (store/postgres/copy-embedded.ts).
import { boardUsersFile } from '../config/board-users';
import { dataDir } from '../config/paths';
import { connectPostgres, describeDatabaseUrl } from '../store/postgres/connect';
import { copyEmbeddedStore, type KindCopied } from '../store/postgres/copy-embedded';

export type { KindCopied };

export interface StoreMigration {
  from: string;
  to: string;
  kinds: KindCopied[];
}

export async function migrateStoreTo(
  url: string,
  o: { sessions?: boolean; env?: NodeJS.ProcessEnv; progress?: (k: KindCopied) => void; afterRow?: (kind: string, n: number) => void } = {},
): Promise<StoreMigration> {
  const env = o.env ?? process.env;
  const { pool } = await connectPostgres(url, { max: 2 }); // an unreachable database: StoreUnavailableError, in Chinese
  try {
    const from = dataDir(env);
    const kinds = await copyEmbeddedStore(
      pool,
      { dataDir: from, usersFile: boardUsersFile(env), sessions: !!o.sessions },
      { progress: o.progress, afterRow: o.afterRow },
    );
    return { from, to: describeDatabaseUrl(url)!, kinds };
  } finally {
    await pool.end();
  }
}
