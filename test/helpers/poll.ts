// Waiting in real-clock tests: ask again every so often until the answer is there, and say what never came.

/**
 * Calls `check` every `everyMs` until it gives something other than undefined or false (a check that throws has
 * not got there yet) and returns that; after `timeoutMs` throws, naming `what` was waited for.
 */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found !== undefined && found !== false) return found;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
