// How duban reaches Temporal: the standard TEMPORAL_* environment (address, namespace, TLS, API key)
// and the optional temporal.toml profile, read by Temporal's own envconfig package.
import { loadClientConnectConfig } from '@temporalio/envconfig';

export const DEFAULT_ADDRESS = 'localhost:7233';
export const DEFAULT_NAMESPACE = 'default';

/** Task queue shared by the worker and every client. */
export function taskQueue(): string {
  return process.env.DUBAN_TASK_QUEUE || 'duban';
}

type NativeOptions = ReturnType<typeof loadClientConnectConfig>['connectionOptions'];

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls?: NativeOptions['tls'];
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** The server to use, from TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TLS*, TEMPORAL_API_KEY, or defaults. */
export function temporalTarget(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const { connectionOptions: c, namespace } = loadClientConnectConfig({
    overrideEnvVars: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
  });
  return {
    address: c.address || DEFAULT_ADDRESS,
    namespace: namespace || DEFAULT_NAMESPACE,
    tls: c.tls ?? undefined,
    apiKey: typeof c.apiKey === 'string' ? c.apiKey : undefined,
    metadata: c.metadata as Record<string, string> | undefined,
  };
}

/** Whether the user named a server of their own (then no dev server is started). */
export function hasExplicitTarget(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TEMPORAL_ADDRESS);
}
