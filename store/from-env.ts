// The one place that chooses duban's store from the environment: DUBAN_DATABASE_URL set -> PostgreSQL for
// the delivery log, the digest outbox, the report store and the units' link versions (shared by every host);
// unset -> the embedded default in the data folder (SQLite delivery.db, reports/, unit-links.json). The board's
// accounts, sessions and login counts likewise: the database, or the accounts file and board-auth.db.
import path from 'node:path';
import type { Pool } from 'pg';
import { dataDir, reportsDir } from '../config/paths';
import type { DeliveryLog } from './delivery-log';
import type { Outbox } from './outbox';
import type { ReportStore } from './report-store';
import type { LinkVersions } from './link-versions';
import { SqliteDeliveryLog } from './local/delivery-log';
import { SqliteOutbox } from './local/outbox';
import { LocalReportStore } from './local/report-store';
import { FileLinkVersions, linkVersionsFile } from './local/link-versions';
import { connectPostgres, describeDatabaseUrl } from './postgres/connect';
import { PgDeliveryLog } from './postgres/delivery-log';
import { PgOutbox } from './postgres/outbox';
import { PgReportStore } from './postgres/report-store';
import { PgLinkVersions } from './postgres/link-versions';
import type { DocumentNumbers } from './document-numbers';
import { SqliteDocumentNumbers } from './local/document-numbers';
import { PgDocumentNumbers } from './postgres/document-numbers';
import type { PlanFiles } from './plan-files';
import { LocalPlanFiles } from './local/plan-files';
import { PgPlanFiles } from './postgres/plan-files';
import { boardUsersFile } from '../config/board-users';
import type { BoardAccounts } from './board-accounts';
import type { BoardSessions } from './board-sessions';
import type { LoginAttempts } from './login-attempts';
import { openBoardAuthDb } from './local/board-auth-db';
import { SqliteBoardSessions } from './local/board-sessions';
import { SqliteLoginAttempts } from './local/login-attempts';
import { FileBoardAccounts } from './local/board-accounts';
import { PgBoardSessions } from './postgres/board-sessions';
import { PgLoginAttempts } from './postgres/login-attempts';
import { PgBoardAccounts } from './postgres/board-accounts';

/** What the board's logins need, shared by every web process on the same store. */
export interface BoardAuthStores {
  accounts: BoardAccounts;
  sessions: BoardSessions;
  attempts: LoginAttempts;
  /** Accounts live in the database (not in the accounts file). */
  shared: boolean;
}

export interface Stores {
  /** Where they are, for the log line at start (no password). */
  where: string;
  reports: ReportStore;
  linkVersions: LinkVersions;
  /** The delivery log with its outbox (opened on first use: only processes that send need them). */
  deliveries(): { log: DeliveryLog; outbox: Outbox };
  /** 发文字号 of the office's documents (opened on first use). */
  documentNumbers(): DocumentNumbers;
  /** Saved plan files of the board's 导入方案 (data/plans/, or the database; opened on first use). */
  planFiles(): PlanFiles;
  /** The board's accounts, sessions and login counts (opened on first use: only the web and `duban board-user`). */
  boardAuth(): BoardAuthStores;
  close(): Promise<void>;
}

/** Opens the configured store; with PostgreSQL, connects and migrates first (StoreUnavailableError if it cannot). */
export async function openStores(env: NodeJS.ProcessEnv = process.env): Promise<Stores> {
  const url = env.DUBAN_DATABASE_URL;
  return url ? postgresStores((await connectPostgres(url)).pool, url, env) : localStores(env);
}

function localStores(env: NodeJS.ProcessEnv): Stores {
  let sqlite: SqliteDeliveryLog | undefined;
  let outbox: SqliteOutbox | undefined;
  let numbers: SqliteDocumentNumbers | undefined;
  let plans: LocalPlanFiles | undefined;
  let auth: (BoardAuthStores & { close(): void }) | undefined;
  return {
    where: `数据目录 ${dataDir(env)}`,
    reports: new LocalReportStore(reportsDir(env)),
    linkVersions: new FileLinkVersions(linkVersionsFile(env)),
    deliveries() {
      sqlite ??= new SqliteDeliveryLog(path.join(dataDir(env), 'delivery.db'));
      outbox ??= new SqliteOutbox(sqlite.db);
      return { log: sqlite, outbox };
    },
    documentNumbers: () => (numbers ??= new SqliteDocumentNumbers(path.join(dataDir(env), 'document-numbers.db'))),
    planFiles: () => (plans ??= new LocalPlanFiles(path.join(dataDir(env), 'plans'))),
    boardAuth: () => (auth ??= localBoardAuth(env)),
    async close() {
      sqlite?.close();
      numbers?.close();
      auth?.close();
    },
  };
}

function postgresStores(pool: Pool, url: string, env: NodeJS.ProcessEnv): Stores {
  const log = new PgDeliveryLog(pool);
  const outbox = new PgOutbox(pool);
  const numbers = new PgDocumentNumbers(pool);
  let plans: PgPlanFiles | undefined;
  let auth: BoardAuthStores | undefined;
  return {
    where: `PostgreSQL ${describeDatabaseUrl(url)}`,
    // Uploads are staged on this host (private, like the data folder), then inserted.
    reports: new PgReportStore(pool, path.join(dataDir(env), 'upload-staging')),
    linkVersions: new PgLinkVersions(pool),
    deliveries: () => ({ log, outbox }),
    documentNumbers: () => numbers,
    planFiles: () => (plans ??= new PgPlanFiles(pool)),
    boardAuth: () =>
      (auth ??= {
        accounts: new PgBoardAccounts(pool, `PostgreSQL ${describeDatabaseUrl(url)}`),
        sessions: new PgBoardSessions(pool),
        attempts: new PgLoginAttempts(pool),
        shared: true,
      }),
    close: () => pool.end(),
  };
}

function localBoardAuth(env: NodeJS.ProcessEnv): BoardAuthStores & { close(): void } {
  const db = openBoardAuthDb(path.join(dataDir(env), 'board-auth.db'));
  return {
    accounts: new FileBoardAccounts(boardUsersFile(env)),
    sessions: new SqliteBoardSessions(db),
    attempts: new SqliteLoginAttempts(db),
    shared: false,
    close: () => db.close(),
  };
}
