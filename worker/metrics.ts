// Prometheus metrics of a worker process, on one endpoint: the SDK's own (task slots, schedule-to-start
// latency, sticky cache, polls) and duban's (notices sent and failed per channel and step, delivery latency,
// obligations per stage and light). Off unless DUBAN_METRICS_ADDRESS names host:port; `npm start` and
// `npm run cluster` set it for their worker.
import { Runtime, DefaultLogger } from '@temporalio/worker';

/** Installs the Prometheus exporter (before any connection is made); returns the scrape URL, or undefined when off. */
export function installMetrics(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bind = env.DUBAN_METRICS_ADDRESS;
  if (!bind || bind === 'off') return undefined;
  if (!/^[\w.-]+:\d{1,5}$/.test(bind)) throw new Error(`DUBAN_METRICS_ADDRESS 应为 主机:端口（例如 127.0.0.1:9464），而不是 ${bind}`);
  Runtime.install({
    logger: new DefaultLogger('INFO'),
    telemetryOptions: { metrics: { prometheus: { bindAddress: bind, countersTotalSuffix: true, useSecondsForDurations: true } } },
  });
  return `http://${bind}/metrics`;
}
