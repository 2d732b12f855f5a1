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
}

/** gRPC and membership ports of each service, laid out around the frontend's port like Temporal's samples. */
export function servicePorts(frontend: number): Record<ServiceName, { grpcPort: number; membershipPort: number }> {
  const offset = { frontend: 0, history: 1, matching: 2, worker: 6 } as const;
  return Object.fromEntries(
    SERVICES.map((s) => [s, { grpcPort: frontend + offset[s], membershipPort: frontend - 300 + offset[s] }]),
  ) as Record<ServiceName, { grpcPort: number; membershipPort: number }>;
}

export function clusterConfig(o: { postgres: { host: string; port: number; user: string; password: string }; ports: ClusterPorts; dynamicConfig: string }): Record<string, string> {
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
  const ports = servicePorts(o.ports.frontend);
  const base = {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: store('temporal', 20), visibility: store('temporal_visibility', 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: Object.fromEntries(
      SERVICES.map((s) => [s, { rpc: { ...ports[s], bindOnLocalHost: true, ...(s === 'frontend' ? { httpPort: o.ports.frontend + 10 } : {}) } }]),
    ),
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `localhost:${o.ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: o.dynamicConfig, pollInterval: '10s' },
  };
  const files: Record<string, string> = { 'base.yaml': YAML.stringify(base) };
  SERVICES.forEach((s, i) => {
    const metrics = { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${o.ports.metrics + i}` } };
    files[`${s}.yaml`] = YAML.stringify({ global: { metrics } });
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
