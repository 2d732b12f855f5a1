// Waiting for "a message or a moment, whichever comes first" without ever cancelling a timer.
// A message that lands in the same instant the timer fires would otherwise ask the server to cancel a
// timer that has already fired; the time-skipping test server refuses such a task. A timer left pending
// simply fires later and finds nothing to do.
import { condition, sleep } from '@temporalio/workflow';

/** Resolves true when `changed()` holds, false when `delayMs` has passed first. */
export async function messageOrTimeout(changed: () => boolean, delayMs: number): Promise<boolean> {
  let fired = false;
  void sleep(Math.max(1, delayMs)).then(() => {
    fired = true;
  });
  await condition(() => changed() || fired);
  return changed();
}
