// A notice to hand to channels and stores: the 7-day reminder (sent 2024-12-20 09:00) of a duty of the shipped
// plan, its workflow opened on 2024-06-01, as the workflow would build it.
import { DateTime } from 'luxon';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice, type Notice } from '../../domain/obligation/notice';
import { planRunSpec } from '../../domain/obligation/spec';
import { loadShipped } from './plan-files';

/** The shipped plan's duties by id. */
export const shippedSpecs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const opened = DateTime.fromISO('2024-06-01T00:00+08:00').toMillis();

/** The reminder of the shipped plan's duty `id` (e.g. jiangmen-2024.t1.annual.taishan). */
export function shippedReminder(id: string): Notice {
  const spec = shippedSpecs.get(id);
  if (!spec) throw new Error(`no duty ${id} in the shipped plan`);
  return buildNotice(
    spec,
    initialState(spec, opened),
    { step: 'reminder', key: 'remind-7', at: '2024-12-20T09:00:00+08:00' },
    `${id}/20241231.remind-7`,
  );
}
