// The one place that chooses duban's store from the environment: DUBAN_DATABASE_URL set -> PostgreSQL for
// the delivery log, the digest outbox, the report store and the units' link versions (shared by every host);
// unset -> the embedded default in the data folder (SQLite delivery.db, reports/, unit-links.json).
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
    async close() {
      sqlite?.close();
      numbers?.close();
    },
  };
}

function postgresStores(pool: Pool, url: string, env: NodeJS.ProcessEnv): Stores {
  const log = new PgDeliveryLog(pool);
  const outbox = new PgOutbox(pool);
  const numbers = new PgDocumentNumbers(pool);
  let plans: PgPlanFiles | undefined;
  return {
    where: `PostgreSQL ${describeDatabaseUrl(url)}`,
    // Uploads are staged on this host (private, like the data folder), then inserted.
    reports: new PgReportStore(pool, path.join(dataDir(env), 'upload-staging')),
    linkVersions: new PgLinkVersions(pool),
    deliveries: () => ({ log, outbox }),
    documentNumbers: () => numbers,
    planFiles: () => (plans ??= new PgPlanFiles(pool)),
    close: () => pool.end(),
  };
}
