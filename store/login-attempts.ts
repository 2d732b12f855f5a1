// The login throttle's counts, shared by every web process on the same store: guesses spread over several
// processes meet one limit. Each key (an account with its address or browser, an address, an account) keeps the
// times of its recent attempts; an admission checks every key and adds to all of them in one transaction, so
// concurrent attempts are counted one after another.

export interface WindowCheck {
  key: string;
  limit: number;
  windowMs: number;
}

/** Which check was full (its index in the checks given) and how long until it has room again. */
export interface WindowRefusal {
  index: number;
  retryAfterMs: number;
}

export interface LoginAttempts {
  /** When none of `checks` is full at `nowMs`, counts one attempt on each; otherwise counts nothing and says why. */
  admit(checks: WindowCheck[], nowMs: number): Promise<WindowRefusal | undefined>;
  /** Takes back the latest attempt of `key` (it turned out not to be a guess). */
  undo(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The longest window any check uses: rows untouched for longer are dropped. */
export const LONGEST_WINDOW_MS = 60 * 60_000;

/**
 * The decision for one admission, from each key's stored times: a refusal, or each key's times with this attempt
 * added (only the latest `limit` are kept). Shared by both stores, which run it inside their transaction.
 */
export function admission(
  checks: WindowCheck[],
  stored: (key: string) => number[],
  nowMs: number,
): { refusal: WindowRefusal } | { next: Map<string, number[]> } {
  const recent = checks.map((c) => stored(c.key).filter((t) => nowMs - t < c.windowMs));
  for (const [index, c] of checks.entries()) {
    const r = recent[index];
    if (r.length >= c.limit) return { refusal: { index, retryAfterMs: r[r.length - c.limit] + c.windowMs - nowMs } };
  }
  return { next: new Map(checks.map((c, i) => [c.key, [...recent[i], nowMs].slice(-c.limit)])) };
}
