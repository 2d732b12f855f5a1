// The start pattern of duban's plan start (client/plan-runs.ts), for peers that must start their workflows the same
// way: per plan, its head workflow, then its rounds, then its obligations, each a rolling window of 50 starts in flight
// (a start leaves the window as soon as the server answers it, and the next one enters), every plan at once. Five plans
// started together thus keep 5 × 50 starts in flight, as `Promise.all(plans.map(startPlanRun))` does.

/** client/plan-runs.ts's PARALLEL_STARTS: how many starts one plan's start keeps in flight. */
export const PARALLEL_STARTS = 50;

/** Runs `work` on every item, PARALLEL_STARTS at a time (a rolling window, not batches waited for one by one). */
export async function inStartWindow<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  const pending = [...items];
  const lane = async () => {
    for (let item = pending.shift(); item !== undefined; item = pending.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: PARALLEL_STARTS }, lane));
}
