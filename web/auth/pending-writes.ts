// Writes to the shared store started by synchronous code (a handler opening a session, a login clearing its
// count): tracked so the response waits for them (web/auth/shared-auth.ts) and the next request, on any web
// process, finds them done.
export class PendingWrites {
  private readonly pending = new Set<Promise<unknown>>();

  track(write: Promise<unknown>): void {
    const p = write.finally(() => this.pending.delete(p));
    p.catch(() => undefined); // awaited (and its failure reported) by settled()
    this.pending.add(p);
  }

  /** Resolves when every write started so far is done; rejects with the first that failed. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
