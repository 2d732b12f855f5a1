// Concurrent identical requests share one piece of work: under a burst (fifty people pressing 签收 on one duty at
// once) only the first sends its update to the duty's workflow and the others wait for its answer, instead of
// queueing fifty updates on one workflow, where the last ones can outlast the request's time limit or the
// client's retries of an update the worker did not get to (503 系统繁忙 for a request that could be answered).

export interface Shared<T> {
  /** True for the request that ran the work; false for those that joined it. */
  first: boolean;
  result: Promise<T>;
}

export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** `work` for `key`, unless work for that key is still running: then its result, shared. */
  run(key: string, work: () => Promise<T>): Shared<T> {
    const joined = this.running.get(key);
    if (joined) return { first: false, result: joined };
    const result = work().finally(() => this.running.delete(key));
    result.catch(() => undefined); // each caller handles the failure it awaits; none is unhandled here
    this.running.set(key, result);
    return { first: true, result };
  }
}
