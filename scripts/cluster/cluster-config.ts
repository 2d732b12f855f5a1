// The configuration files of the local Temporal cluster: one shared base (PostgreSQL persistence and
// visibility, 4 history shards, the services' ports) and one small file per service for what must differ
// between processes (its Prometheus port), plus the dynamic config and the Web UI's file.
import YAML from 'yaml';

export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ClusterPorts {
  /** The frontend's gRPC port: the address workers and clients use. */
  frontend: number;
  ui: number;
  /** First of four consecutive Prometheus ports, one per service in SERVICES order. */
  metrics: number;
  /**
   * First of the seven ports the services' membership ring uses (+0 frontend, +1 history, +2 matching, +6 worker).
   * Below 32768: the server keeps them in a smallint column.
   */
  membership: number;
}

/** gRPC and membership ports of each service, laid out like Temporal's samples (7233/6933 and up). */
export function servicePorts(
  p: Pick<ClusterPorts, 'frontend' | 'membership'>,
): Record<ServiceName, { grpcPort: number; membershipPort: number }> {
  const offset = { frontend: 0, history: 1, matching: 2, worker: 6 } as const;
  return Object.fromEntries(
    SERVICES.map((s) => [s, { grpcPort: p.frontend + offset[s], membershipPort: p.membership + offset[s] }]),
  ) as Record<ServiceName, { grpcPort: number; membershipPort: number }>;
}

export function clusterConfig(o: {
  postgres: { host: string; port: number; user: string; password: string };
  ports: ClusterPorts;
  dynamicConfig: string;
  logDir: string;
}): Record<string, string> {
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${o.postgres.host}:${o.postgres.port}`,
      connectProtocol: 'tcp',
      user: o.postgres.user,
      password: o.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const ports = servicePorts(o.ports);
  const base = {
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: store('temporal', 20), visibility: store('temporal_visibility', 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(
      SERVICES.map((s) => [
        s,
        { rpc: { ...ports[s], bindOnLocalHost: true, ...(s === 'frontend' ? { httpPort: o.ports.frontend + 10 } : {}) } },
      ]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `localhost:${o.ports.frontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: o.dynamicConfig, pollInterval: '10s' },
  };
  const files: Record<string, string> = { 'base.yaml': YAML.stringify(base) };
  SERVICES.forEach((s, i) => {
    const metrics = { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${o.ports.metrics + i}` } };
    // Each service logs to its own file (warnings and errors: a service that cannot start says why there).
    files[`${s}.yaml`] = YAML.stringify({ log: { stdout: false, level: 'warn', outputFile: `${o.logDir}/${s}.log` }, global: { metrics } });
  });
  // Search attributes added by duban at start are visible at once (the dev server does the same).
  files['dynamic.yaml'] = YAML.stringify({ 'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }] });
  return files;
}

export function uiConfig(o: { frontend: string; port: number; codecEndpoint?: string }): string {
  return YAML.stringify({
    temporalGrpcAddress: o.frontend,
    host: '127.0.0.1',
    port: o.port,
    enableUi: true,
    defaultNamespace: 'default',
    ...(o.codecEndpoint ? { codec: { endpoint: o.codecEndpoint, passAccessToken: false, includeCredentials: false } } : {}),
  });
}
