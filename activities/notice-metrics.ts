// duban's own delivery metrics, exported with the SDK's on the worker's Prometheus endpoint (worker/metrics.ts):
// notices delivered and failed per channel and step, and how long after its planned instant a notice went out.
import { Runtime } from '@temporalio/worker';
import type { MetricCounter, MetricGauge, MetricHistogram } from '@temporalio/common';
import type { Notice } from '../domain/obligation/notice';
import { failureKind } from './channels/channel';

interface Instruments {
  sent: MetricCounter;
  failed: MetricCounter;
  latency: MetricHistogram;
  outbox: MetricGauge;
}

let instruments: Instruments | undefined;

/** Created once per process on the runtime's meter (a no-op meter when no exporter is installed). */
function meter(): Instruments {
  if (instruments) return instruments;
  const m = Runtime.instance().metricMeter;
  instruments = {
    sent: m.createCounter('duban_notices_sent', 'notices', 'Notices handed to their channels (per channel and ladder step)'),
    failed: m.createCounter('duban_notices_failed', 'notices', 'Failed notice attempts (kind: permanent or retryable)'),
    latency: m.createHistogram(
      'duban_notice_delivery_latency',
      'float',
      's',
      'Seconds from a notice’s planned instant until it was delivered',
    ),
    outbox: m.createGauge('duban_outbox_depth', 'int', 'notices', 'Queued notices not yet delivered or refused (the store’s, all workers)'),
  };
  return instruments;
}

export function countDelivered(n: Notice, nowMs = Date.now()): void {
  const m = meter();
  for (const channel of n.channels ?? []) m.sent.add(1, { channel, step: n.step });
  const planned = Date.parse(n.at);
  if (Number.isFinite(planned)) m.latency.record(Math.max(0, (nowMs - planned) / 1000), { step: n.step });
}

export function countFailed(n: Notice, err: unknown): void {
  const kind = failureKind(err);
  for (const channel of n.channels ?? []) meter().failed.add(1, { channel, step: n.step, kind });
}

/** Notices queued and not yet delivered or refused, as the sender last counted them. */
export function recordOutboxDepth(depth: number): void {
  meter().outbox.set(depth);
}
