// The stores under test, embedded and PostgreSQL, opened as the processes open them (store/from-env.ts):
// each host() is another process's view of the same data folder or database (its own pool).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStores, Stores } from '../../store/from-env';
import { PrivateCluster, startPrivateCluster } from '../../scripts/postgres/private-cluster';

export interface StoreKind {
  name: string;
  /** Prepares the backing (a data folder, a database of a private cluster). */
  setUp(): Promise<void>;
  /** Another process's stores on the same backing. */
  host(): Promise<Stores>;
  /** The data folder (where the embedded store lives, and where PostgreSQL's uploads are staged). */
  dataDir: string;
  /** The environment a child process opens the same store with (after setUp). */
  envOf(): NodeJS.ProcessEnv;
  tearDown(): Promise<void>;
}

function kind(
  name: string,
  env: (dataDir: string) => Promise<NodeJS.ProcessEnv>,
  after: () => Promise<void> = async () => undefined,
): StoreKind {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-store-'));
  const opened: Stores[] = [];
  let vars: NodeJS.ProcessEnv | undefined;
  return {
    name,
    dataDir,
    envOf: () => ({ ...vars }),
    setUp: async () => {
      vars = await env(dataDir);
    },
    host: async () => {
      const stores = await openStores(vars ?? (vars = await env(dataDir)));
      opened.push(stores);
      return stores;
    },
    tearDown: async () => {
      for (const s of opened.splice(0)) await s.close();
      await after();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function embeddedKind(): StoreKind {
  return kind('embedded (SQLite and files)', async (dataDir) => ({ DUBAN_DATA_DIR: dataDir }));
}

export function postgresKind(): StoreKind {
  let cluster: PrivateCluster | undefined;
  return kind(
    'PostgreSQL',
    async (dataDir) => {
      cluster = await startPrivateCluster();
      return { DUBAN_DATA_DIR: dataDir, DUBAN_DATABASE_URL: await cluster.createDatabase('duban_contract') };
    },
    async () => cluster?.stop(),
  );
}

/** The embedded default and PostgreSQL, for running one contract against both. */
export function storeKinds(): StoreKind[] {
  return [embeddedKind(), postgresKind()];
}
