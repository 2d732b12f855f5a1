// When the burst's timers fired, read from the histories of a sample of the obligations: the timer of the step and
// the workflow task that records it (the notice itself was scheduled ahead with the sender), as ms after the instant.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
const STAGES: [string, number][] = [
  ['timer fired', E.EVENT_TYPE_TIMER_FIRED],
  ['its workflow task started', E.EVENT_TYPE_WORKFLOW_TASK_STARTED],
];

/** For each stage: its times (ms after `at`) over `sample` workflows spread evenly across `ids`. */
export async function stageTimes(client: Client, ids: string[], at: number, sample = 100): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(STAGES.map(([name]) => [name, []]));
  const step = Math.max(1, Math.floor(ids.length / sample));
  for (let i = 0; i < ids.length; i += step) {
    const events = (await client.workflow.getHandle(ids[i]).fetchHistory()).events ?? [];
    // The burst's timer: the first to fire at or after the instant (a start may fire earlier ones, e.g. the deadline).
    const fired = events.findIndex((e) => e.eventType === E.EVENT_TYPE_TIMER_FIRED && msOf(e.eventTime) >= at - 1000);
    if (fired < 0) continue;
    for (const [name, type] of STAGES) {
      const e = events.slice(fired).find((x) => x.eventType === type);
      if (e?.eventTime) out.get(name)!.push(msOf(e.eventTime) - at);
    }
  }
  return out;
}

const msOf = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
