// Password guessing is slowed down before any password is checked: every attempt is counted first, so
// concurrent guesses cannot slip past the limit while the (slow) scrypt check runs.
//  - per account and address: 5 attempts in 15 minutes;
//  - per address: 50 attempts in 15 minutes, whatever the account (guessing many accounts);
//  - per account: 20 attempts in an hour from browsers it was never used in: a slower limit that holds
//    off guessing from many addresses. A browser the account logged in from before (its signed device
//    cookie) is counted on its own and is never held back by others' attempts: an attacker cannot lock
//    a supervisor out.
// A successful login takes its attempt back and clears its own client's count.
// With a shared store (client/board-auth.ts) the counts live there, so guesses spread over several web processes
// meet one limit and a restart forgets nothing: the attempt is counted before the login handler runs (prepare,
// web/auth/shared-auth.ts), which then takes the decision (admit). Without one (tests), counts live in memory with
// expiring entries and a cap on their number.
import type { LoginAttempts, WindowCheck } from '../../client/board-auth';
import { PendingWrites } from './pending-writes';
import { SlidingWindow } from './sliding-window';

const MINUTE = 60_000;

export type Refusal = { scope: 'client' | 'address' | 'account'; retryAfterMs: number };
type Check = [Refusal['scope'], SlidingWindow, string];

/** Decisions prepared for login requests in progress, by client; more than this means they were never taken. */
const MAX_PREPARED = 10_000;

export class LoginThrottle {
  private readonly perClient = new SlidingWindow(5, 15 * MINUTE);
  private readonly perAddress = new SlidingWindow(50, 15 * MINUTE);
  private readonly perAccount = new SlidingWindow(20, 60 * MINUTE);
  private readonly prepared = new Map<string, (Refusal | undefined)[]>();
  private readonly writes = new PendingWrites();

  constructor(private readonly shared?: LoginAttempts) {}

  /** With a shared store: counts the attempt there now, for the admit() of the same request to answer. */
  async prepare(account: string, address: string, device: string | undefined, nowMs: number): Promise<void> {
    if (!this.shared) return;
    const checks = this.checksOf(account, address, device);
    const refused = await this.shared.admit(checks.map(sharedCheck), nowMs);
    const decision = refused && { scope: checks[refused.index][0], retryAfterMs: refused.retryAfterMs };
    if (this.prepared.size >= MAX_PREPARED) this.prepared.clear();
    const client = checks.find(([scope]) => scope === 'client')![2];
    this.prepared.set(client, [...(this.prepared.get(client) ?? []), decision]);
  }

  /**
   * Counts one attempt on `account` from `address` (or from a known browser, `device`), unless a limit
   * is reached: then nothing is counted and the refusal says which limit and for how long.
   */
  admit(account: string, address: string, device: string | undefined, nowMs: number): Refusal | undefined {
    const checks = this.checksOf(account, address, device);
    const client = checks.find(([scope]) => scope === 'client')![2];
    const ready = this.prepared.get(client);
    if (ready?.length) {
      const decision = ready.shift();
      if (!ready.length) this.prepared.delete(client);
      return decision;
    }
    for (const [scope, window, key] of checks) {
      if (window.full(key, nowMs)) return { scope, retryAfterMs: window.retryAfterMs(key, nowMs) };
    }
    for (const [, window, key] of checks) window.add(key, nowMs);
    return undefined;
  }

  /** A successful login: it was no guess, and that account's own client starts afresh. */
  succeeded(account: string, address: string, device: string | undefined): void {
    const client = clientOf(account, address, device);
    this.perClient.clear(client);
    if (this.shared) this.writes.track(this.shared.clear(`client ${client}`));
    if (device) return;
    this.perAddress.undo(address);
    this.perAccount.undo(account);
    if (this.shared) this.writes.track(Promise.all([this.shared.undo(`address ${address}`), this.shared.undo(`account ${account}`)]));
  }

  /** Resolves when the shared store has every change made so far. */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  /** Entries held (for the memory bound). */
  get size(): number {
    return this.perClient.size + this.perAddress.size + this.perAccount.size + this.prepared.size;
  }

  private checksOf(account: string, address: string, device: string | undefined): Check[] {
    const client = clientOf(account, address, device);
    return device
      ? [['client', this.perClient, client]]
      : [
          ['address', this.perAddress, address],
          ['client', this.perClient, client],
          ['account', this.perAccount, account],
        ];
  }
}

const clientOf = (account: string, address: string, device: string | undefined) =>
  device ? `${account}\ndevice ${device}` : `${account}\n${address}`;

/** The same limit in the shared store, under a key that names its scope. */
const sharedCheck = ([scope, window, key]: Check): WindowCheck => ({
  key: `${scope} ${key}`,
  limit: window.limit,
  windowMs: window.windowMs,
});
