// Counts events per key within a time window, with bounded memory: each key keeps at most `limit`
// timestamps, keys expire with their window, and at most `maxKeys` keys are kept (the oldest go first).
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Whether `key` has used up its allowance at `nowMs`. */
  full(key: string, nowMs: number): boolean {
    return this.recent(key, nowMs).length >= this.limit;
  }

  /** Records one event for `key`. */
  add(key: string, nowMs: number): void {
    const kept = [...this.recent(key, nowMs), nowMs].slice(-this.limit);
    this.hits.delete(key); // re-inserted last: Map order is least recently added first
    this.hits.set(key, kept);
    this.evict(nowMs);
  }

  /** Milliseconds until `key` has room again. */
  retryAfterMs(key: string, nowMs: number): number {
    const r = this.recent(key, nowMs);
    return r.length < this.limit ? 0 : r[r.length - this.limit] + this.windowMs - nowMs;
  }

  /** Takes back the latest event of `key` (it turned out not to count). */
  undo(key: string): void {
    const r = this.hits.get(key);
    if (r?.length) r.pop();
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  private recent(key: string, nowMs: number): number[] {
    const r = (this.hits.get(key) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (r.length === 0) this.hits.delete(key);
    return r;
  }

  /** Constant work per event: drops the oldest keys while they have expired or there are too many. */
  private evict(nowMs: number): void {
    for (const [key, times] of this.hits) {
      const expired = nowMs - times[times.length - 1] >= this.windowMs;
      if (!expired && this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}
