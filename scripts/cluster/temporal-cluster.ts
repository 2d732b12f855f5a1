// A real Temporal cluster on this machine: the four server services (frontend, history, matching, worker) as
// separate processes of the server binary, PostgreSQL for persistence and advanced visibility, and the
// standalone Web UI. Each service exports Prometheus metrics on its own port. The schemas are set up (or
// upgraded) with the server's own SQL tool before the services start. Once the cluster is up, a service that
// dies (kill -9, a crash) is started again on its ports (scripts/kept-service.ts); the cluster keeps its state
// in PostgreSQL, so the others and duban's processes go on once it answers again.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { mkdirPrivate } from '../../config/paths';
import { ChildService, startChildService } from '../child-service';
import { KeptService } from '../kept-service';
import { temporalAnswers } from '../dev-server';
import { clusterConfig, ClusterPorts, SERVICES, uiConfig } from './cluster-config';

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalClusterOptions {
  /** The server, schema tool and UI binaries, and the server's PostgreSQL schemas (provision-temporal.sh cluster). */
  binaries: { server: string; sqlTool: string; uiServer: string; schemaDir: string };
  /** Where the generated configuration lives (inside the data folder). */
  dir: string;
  postgres: PostgresEndpoint;
  ports: ClusterPorts;
  namespace: string;
  /** The codec server the Web UI decodes payloads with. */
  codecEndpoint?: string;
  say: (line: string) => void;
  /** Called with every service started again after it died (to keep the pid file current). */
  onRestart?: (s: ChildService) => void;
}

export interface TemporalCluster {
  address: string;
  uiUrl: string;
  /** Prometheus endpoints of the four services. */
  metricsUrls: string[];
  /** The four services and the Web UI, each started again when it dies. */
  services: KeptService<ChildService>[];
  stop(): Promise<void>;
}

const DATABASES = [
  { name: 'temporal', schema: 'temporal' },
  { name: 'temporal_visibility', schema: 'visibility' },
];

/** Creates the two databases on first use and brings their schemas to the server's version. */
export async function setUpSchemas(o: Pick<TemporalClusterOptions, 'binaries' | 'postgres' | 'say'>): Promise<void> {
  for (const db of DATABASES) {
    const created = await createDatabase(o, db.name);
    if (created) await sqlTool(o, db.name, ['setup-schema', '-v', '0.0']);
    await sqlTool(o, db.name, ['update-schema', '-d', path.join(o.binaries.schemaDir, 'v12', db.schema, 'versioned')]);
    o.say(`数据库 ${db.name}${created ? ' 已创建，' : ''}表结构已是最新`);
  }
}

/** Creates a database on the cluster's PostgreSQL unless it exists; true when it was created. */
export function createDatabase(o: Pick<TemporalClusterOptions, 'binaries' | 'postgres'>, name: string): Promise<boolean> {
  return sqlTool(o, name, ['create-database'], true);
}

/** Runs the SQL tool; with `mayExist`, "already exists" is an answer (false), not an error. */
function sqlTool(o: Pick<TemporalClusterOptions, 'binaries' | 'postgres'>, db: string, args: string[], mayExist = false): Promise<boolean> {
  const { host, port, user, password } = o.postgres;
  const child = spawn(o.binaries.sqlTool, ['--plugin', 'postgres12', '--ep', host, '-p', String(port), '-u', user, '--db', db, ...args], {
    env: { ...process.env, SQL_PASSWORD: password }, // not on the command line, where `ps` would show it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) return resolve(true);
      if (mayExist && /already exists/i.test(output)) return resolve(false);
      reject(new Error(`Temporal 表结构工具失败（${db} ${args[0]}，退出码 ${code}）：${lastLines(output)}`));
    });
  });
}

const lastLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .slice(-3)
    .join(' | ')
    .replaceAll(/password=\S+/gi, 'password=***');

export async function startTemporalCluster(o: TemporalClusterOptions): Promise<TemporalCluster> {
  await setUpSchemas(o);
  const configDir = path.join(o.dir, 'config');
  mkdirPrivate(configDir);
  const logDir = path.join(o.dir, 'logs');
  mkdirPrivate(logDir);
  for (const [file, text] of Object.entries(
    clusterConfig({ postgres: o.postgres, ports: o.ports, dynamicConfig: path.join(configDir, 'dynamic.yaml'), logDir }),
  )) {
    fs.writeFileSync(path.join(configDir, file), text, { mode: 0o600 });
  }
  const address = `127.0.0.1:${o.ports.frontend}`;
  const metricsUrls = SERVICES.map((_, i) => `http://127.0.0.1:${o.ports.metrics + i}/metrics`);
  const services: ChildService[] = [];
  const stop = async () => {
    for (const s of [...services].reverse()) await s.stop();
  };
  /** Service i; `ready` is what a start awaits (at the first start the services come up together). */
  const startService = (i: number, ready: () => Promise<boolean>) => {
    const service = SERVICES[i];
    const args = ['--root', o.dir, '--config', 'config', '--env', service, '--allow-no-auth', 'start', '--service', service];
    return startChildService(`Temporal ${service} 服务`, o.binaries.server, args, ready, 120_000);
  };
  try {
    // History first: the frontend answers only once it finds history and matching in the membership ring.
    for (const [i, service] of SERVICES.entries()) {
      o.say(`正在启动 Temporal ${service} 服务…`);
      services.push(await startService(i, async () => true));
    }
    // A service that cannot start exits (its reason in its log): said at once instead of waiting out the timeout.
    const exited = () => SERVICES.find((_, i) => services[i].process.exitCode !== null);
    // Ready once the frontend answers and every service serves its metrics (the worker service, which runs the
    // system workflows, comes up last).
    await until(
      async () => {
        const gone = exited();
        if (gone) throw new FatalStart(`Temporal ${gone} 服务启动后退出，原因见 ${path.join(logDir, `${gone}.log`)}`);
        return (await temporalAnswers(address)) && (await Promise.all(metricsUrls.map(answers))).every(Boolean);
      },
      180_000,
      `Temporal 集群在 180 秒内未就绪（日志在 ${logDir}）`,
    );
    await registerNamespace(address, o.namespace);
    const uiDir = path.join(o.dir, 'ui');
    mkdirPrivate(path.join(uiDir, 'config'));
    fs.writeFileSync(
      path.join(uiDir, 'config', 'cluster.yaml'),
      uiConfig({ frontend: address, port: o.ports.ui, codecEndpoint: o.codecEndpoint }),
      { mode: 0o600 },
    );
    const uiUrl = `http://localhost:${o.ports.ui}`;
    const startUi = () =>
      startChildService(
        'Temporal Web UI',
        o.binaries.uiServer,
        ['--root', uiDir, '--env', 'cluster', 'start'],
        async () => (await fetch(uiUrl)).ok,
        60_000,
      );
    services.push(await startUi());
    // Started again alone, a service is ready once it serves its metrics again.
    const relaunchers = [...SERVICES.map((_, i) => () => startService(i, () => answers(metricsUrls[i]))), startUi];
    const names = [...SERVICES.map((s) => `Temporal ${s} 服务`), 'Temporal Web UI'];
    const kept = services.map(
      (s, i) => new KeptService(s, { name: names[i], relaunch: relaunchers[i], say: o.say, onRestart: o.onRestart }),
    );
    const stopKept = async () => {
      for (const k of [...kept].reverse()) await k.stop();
    };
    return { address, uiUrl, metricsUrls, services: kept, stop: stopKept };
  } catch (err) {
    await stop();
    throw err;
  }
}

const answers = (url: string) =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

const ALREADY_EXISTS = 6;

/** A real cluster starts with no namespace: registers duban's, then waits until the frontend serves it. */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const c = await Connection.connect({ address });
  try {
    await c.workflowService
      .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('30 days') })
      .catch((err: { code?: number }) => {
        if (err.code !== ALREADY_EXISTS) throw err;
      });
    await until(
      async () => (await c.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 }), true),
      60_000,
      `命名空间 ${namespace} 在 60 秒内未生效`,
    );
  } finally {
    await c.close();
  }
}

/** A failure that waiting longer cannot mend. */
class FatalStart extends Error {}

async function until(ok: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 500))) {
    const answered = await ok().catch((err) => {
      if (err instanceof FatalStart) throw err;
      return false;
    });
    if (answered) return;
    if (Date.now() > end) throw new Error(message);
  }
}
