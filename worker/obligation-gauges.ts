// Obligations per stage and light as Prometheus gauges, counted from the server's visibility store (the
// search attributes every obligation keeps current), so the figure is the cluster's, whichever worker reports it.
import { Runtime } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { Light, Stage } from '../domain/obligation/state';

const STAGES: Stage[] = ['open', 'overdue', 'submitted', 'returned', 'accepted', 'cancelled'];
const LIGHTS: Light[] = ['green', 'yellow', 'red'];

/** Counts every 15 seconds (and once at once); returns the function that stops it. */
export function startObligationGauges(client: () => Client, everyMs = 15_000): () => void {
  const gauge = Runtime.instance().metricMeter.createGauge(
    'duban_obligations',
    'int',
    'obligations',
    'Obligation workflows by stage and light (from visibility)',
  );
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const stage of STAGES) {
        for (const light of LIGHTS) {
          const { count } = await client().workflow.count(
            `DubanKind = 'obligation' AND DubanStage = '${stage}' AND DubanLight = '${light}'`,
          );
          gauge.set(count, { stage, light });
        }
      }
    } catch {
      // visibility briefly unavailable: the next sample tries again
    } finally {
      busy = false;
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
