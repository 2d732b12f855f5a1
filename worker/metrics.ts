// Prometheus metrics of a worker process, on one endpoint: the SDK's own (task slots, schedule-to-start
// latency, sticky cache, polls) and duban's (notices sent and failed per channel and step, delivery latency,
// obligations per stage and light). Off unless DUBAN_METRICS_ADDRESS names host:port; `npm start` and
// `npm run cluster` set it for their worker.
import { Runtime, Logger } from '@temporalio/worker';

/**
 * Installs the worker's runtime before any connection is made: its logger, and the Prometheus exporter when
 * DUBAN_METRICS_ADDRESS names one. Returns the scrape URL, or undefined when off.
 */
export function installMetrics(logger: Logger, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bind = env.DUBAN_METRICS_ADDRESS;
  // The core's own log lines (gRPC retries) go through `logger` too, not straight to the console.
  const logging = { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } as const;
  if (!bind || bind === 'off') {
    Runtime.install({ logger, telemetryOptions: { logging } });
    return undefined;
  }
  if (!/^[\w.-]+:\d{1,5}$/.test(bind)) throw new Error(`DUBAN_METRICS_ADDRESS 应为 主机:端口（例如 127.0.0.1:9464），而不是 ${bind}`);
  Runtime.install({
    logger,
    telemetryOptions: { logging, metrics: { prometheus: { bindAddress: bind, countersTotalSuffix: true, useSecondsForDurations: true } } },
  });
  return `http://${bind}/metrics`;
}
