// `npm run cluster`'s part of the start command: PostgreSQL, then the Temporal cluster on it (four services and
// the Web UI), with every port checked first. duban's own store (DUBAN_DATABASE_URL) gets a database on the same
// PostgreSQL unless it names another.
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';
import { ChildService, portInUse } from '../child-service';
import { SERVICES, servicePorts } from './cluster-config';
import { postgresDir, startLocalPostgres, LocalPostgres } from './postgres-service';
import { createDatabase, startTemporalCluster, TemporalCluster } from './temporal-cluster';

const BIN = path.join(PROJECT_ROOT, '.tools', 'bin');
export const CLUSTER_BINARIES = {
  server: path.join(BIN, 'temporal-server'),
  sqlTool: path.join(BIN, 'temporal-sql-tool'),
  uiServer: path.join(BIN, 'temporal-ui-server'),
  schemaDir: path.join(PROJECT_ROOT, '.tools', 'schema', 'postgresql'),
};

export interface LocalCluster {
  postgres: LocalPostgres;
  temporal: TemporalCluster;
  /** duban's own store on the cluster's PostgreSQL (or the one DUBAN_DATABASE_URL named). */
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function launchLocalCluster(o: {
  dataDir: string;
  namespace: string;
  codecEndpoint?: string;
  say: (line: string) => void;
  onService: (s: ChildService) => void;
}): Promise<LocalCluster> {
  const frontend = Number(process.env.DUBAN_TEMPORAL_PORT) || 7233;
  const ui = Number(process.env.DUBAN_UI_PORT) || 8233;
  const metrics = Number(process.env.DUBAN_CLUSTER_METRICS_PORT) || 9091;
  const pgPort = Number(process.env.DUBAN_POSTGRES_PORT) || 5433;
  const membership = Number(process.env.DUBAN_CLUSTER_MEMBERSHIP_PORT) || 6933;
  if (membership > 32767 - 6) throw new Error('DUBAN_CLUSTER_MEMBERSHIP_PORT 须小于 32761（Temporal 以 smallint 保存成员端口）');
  const ports = [
    pgPort,
    ui,
    ...SERVICES.flatMap((s) => Object.values(servicePorts({ frontend, membership })[s])),
    ...SERVICES.map((_, i) => metrics + i),
  ];
  const twice = ports.find((p, i) => ports.indexOf(p) !== i);
  if (twice !== undefined)
    throw new Error(
      `端口 ${twice} 被分配了两次（集群各服务占用 DUBAN_TEMPORAL_PORT 起的第 0、1、2、6 个端口）：请换用其他 DUBAN_UI_PORT / DUBAN_CLUSTER_METRICS_PORT`,
    );
  for (const p of ports) {
    if (await portInUse(p))
      throw new Error(
        `端口 ${p} 已被占用：请用 DUBAN_TEMPORAL_PORT / DUBAN_UI_PORT / DUBAN_POSTGRES_PORT / DUBAN_CLUSTER_METRICS_PORT / DUBAN_CLUSTER_MEMBERSHIP_PORT 换用其他端口`,
      );
  }
  const pgDir = postgresDir(o.dataDir);
  o.say(`正在启动 PostgreSQL（端口 ${pgPort}，数据 ${pgDir}）…`);
  const postgres = await startLocalPostgres({ dir: pgDir, port: pgPort });
  o.onService(postgres);
  try {
    const temporal = await startTemporalCluster({
      binaries: CLUSTER_BINARIES,
      dir: path.join(o.dataDir, 'temporal-cluster'),
      postgres,
      ports: { frontend, ui, metrics, membership },
      namespace: o.namespace,
      codecEndpoint: o.codecEndpoint,
      say: o.say,
      onRestart: o.onService,
    });
    temporal.services.forEach((k) => o.onService(k.service));
    let databaseUrl = process.env.DUBAN_DATABASE_URL ?? '';
    if (!databaseUrl) {
      await createDatabase({ binaries: CLUSTER_BINARIES, postgres }, 'duban'); // duban applies its own migrations
      databaseUrl = postgres.url('duban');
    }
    return {
      postgres,
      temporal,
      databaseUrl,
      async stop() {
        await temporal.stop();
        await postgres.stop();
      },
    };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}
