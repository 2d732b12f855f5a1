// Password guessing is slowed down: after 5 failed logins for one username within 15 minutes, that
// username is refused for 15 minutes (kept in memory: a restart forgets, which is acceptable here).
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export class LoginFailures {
  private readonly seen = new Map<string, number[]>();

  blocked(key: string, nowMs: number): boolean {
    return this.recent(key, nowMs).length >= MAX_FAILURES;
  }

  add(key: string, nowMs: number): void {
    this.seen.set(key, [...this.recent(key, nowMs), nowMs]);
  }

  clear(key: string): void {
    this.seen.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    return (this.seen.get(key) ?? []).filter((t) => nowMs - t < LOCK_MINUTES * 60_000);
  }
}
