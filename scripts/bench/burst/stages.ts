// Where duban's time goes in the burst, read from the histories of a sample of the obligations: the timer
// firing, the workflow task that schedules the notice's activity, the activity's start and completion, each
// as ms after the burst instant.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const E = temporal.api.enums.v1.EventType;
const STAGES: [string, number][] = [
  ['timer fired', E.EVENT_TYPE_TIMER_FIRED],
  ['workflow task started', E.EVENT_TYPE_WORKFLOW_TASK_STARTED],
  ['activity scheduled', E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED],
  ['activity started', E.EVENT_TYPE_ACTIVITY_TASK_STARTED],
  ['activity completed', E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED],
];

/** For each stage: its times (ms after `at`) over `sample` workflows spread evenly across `ids`. */
export async function stageTimes(client: Client, ids: string[], at: number, sample = 100): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(STAGES.map(([name]) => [name, []]));
  const step = Math.max(1, Math.floor(ids.length / sample));
  for (let i = 0; i < ids.length; i += step) {
    const events = (await client.workflow.getHandle(ids[i]).fetchHistory()).events ?? [];
    const fired = events.findIndex((e) => e.eventType === E.EVENT_TYPE_TIMER_FIRED);
    if (fired < 0) continue;
    // Each stage's first event from the timer on: the burst's own workflow task and activity.
    for (const [name, type] of STAGES) {
      const e = events.slice(fired).find((x) => x.eventType === type);
      if (e?.eventTime) out.get(name)!.push(Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) - at);
    }
  }
  return out;
}
