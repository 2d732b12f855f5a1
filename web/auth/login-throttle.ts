// Password guessing is slowed down before any password is checked: every attempt is counted first, so
// concurrent guesses cannot slip past the limit while the (slow) scrypt check runs.
//  - per account and address: 5 attempts in 15 minutes;
//  - per address: 50 attempts in 15 minutes, whatever the account (guessing many accounts);
//  - per account: 20 attempts in an hour from browsers it was never used in: a slower limit that holds
//    off guessing from many addresses. A browser the account logged in from before (its signed device
//    cookie) is counted on its own and is never held back by others' attempts: an attacker cannot lock
//    a supervisor out.
// A successful login takes its attempt back and clears its own client's count.
// Kept in memory with expiring entries and a cap on their number; a restart forgets, which is acceptable.
import { SlidingWindow } from './sliding-window';

const MINUTE = 60_000;

export type Refusal = { scope: 'client' | 'address' | 'account'; retryAfterMs: number };

export class LoginThrottle {
  private readonly perClient = new SlidingWindow(5, 15 * MINUTE);
  private readonly perAddress = new SlidingWindow(50, 15 * MINUTE);
  private readonly perAccount = new SlidingWindow(20, 60 * MINUTE);

  /**
   * Counts one attempt on `account` from `address` (or from a known browser, `device`), unless a limit
   * is reached: then nothing is counted and the refusal says which limit and for how long.
   */
  admit(account: string, address: string, device: string | undefined, nowMs: number): Refusal | undefined {
    const client = device ? `${account}\ndevice ${device}` : `${account}\n${address}`;
    const checks: [Refusal['scope'], SlidingWindow, string][] = device
      ? [['client', this.perClient, client]]
      : [
          ['address', this.perAddress, address],
          ['client', this.perClient, client],
          ['account', this.perAccount, account],
        ];
    for (const [scope, window, key] of checks) {
      if (window.full(key, nowMs)) return { scope, retryAfterMs: window.retryAfterMs(key, nowMs) };
    }
    for (const [, window, key] of checks) window.add(key, nowMs);
    return undefined;
  }

  /** A successful login: it was no guess, and that account's own client starts afresh. */
  succeeded(account: string, address: string, device: string | undefined): void {
    this.perClient.clear(device ? `${account}\ndevice ${device}` : `${account}\n${address}`);
    if (device) return;
    this.perAddress.undo(address);
    this.perAccount.undo(account);
  }

  /** Entries held (for the memory bound). */
  get size(): number {
    return this.perClient.size + this.perAddress.size + this.perAccount.size;
  }
}
