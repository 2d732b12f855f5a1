// A burst of real notices on a real server: `count` copies of one obligation of the shipped 2024 plan, each
// with its own contact address (so no digest merges them) and a workflow clock set to Friday 2024-05-31 10:00,
// the May report's last day: each one sends its catch-up reminder (提醒) as soon as it starts, since the next
// office hour (Monday 09:00) would be past the deadline.
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { loadShipped } from './plan-files';

const TEMPLATE = 'jiangmen-2024.t14.may.gaj';
const SIMULATED_NOW = DateTime.fromISO('2024-05-31T10:00:00', { zone: 'Asia/Shanghai' }).toMillis();

/**
 * Starts the burst; returns the idempotency key of every notice it will send. `emailOf` gives each copy's
 * contact address (one address for all of them makes their reminders one digest).
 */
export async function startNoticeBurst(
  client: Client,
  taskQueue: string,
  count: number,
  prefix = 'burst',
  emailOf = (id: string) => `${id}@example.org`,
): Promise<string[]> {
  const template = planRunSpec(loadShipped())
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === TEMPLATE)!;
  const clockShiftMs = Date.now() - SIMULATED_NOW;
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  // Started 50 at a time, so that notices meant to merge into one digest reach the outbox within its window.
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((id) => {
        const [contact, ...rest] = template.chain;
        const chain = [{ ...contact, person: { ...contact.person, email: emailOf(id) } }, ...rest];
        const spec: ObligationSpec = { ...template, id, chain, notify: [], clockShiftMs };
        return client.workflow.start(obligationWorkflow, { args: [spec], taskQueue, workflowId: id });
      }),
    );
  }
  return ids.map((id) => `${id}/20240531.remind-1`);
}
