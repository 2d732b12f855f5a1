// What the SMTP server received from one contender: waits until it holds every expected mail, then checks
// that every notice arrived exactly once (by each mail's X-Duban-Key: a notice's key, or its digest's key).
import type { TestSmtp } from '../../../test/helpers/smtp';

export interface Arrivals {
  /** ms from the burst instant to the first and the last mail. */
  firstMs: number;
  lastMs: number;
  mails: number;
}

/** Resolves when `mails` messages are in `smtp` (polled every 20 ms); times relative to `t0`. */
export async function untilReceived(smtp: TestSmtp, mails: number, t0: number, timeoutMs = 3_600_000): Promise<Arrivals> {
  let firstMs = -1;
  const giveUp = Date.now() + timeoutMs;
  while (smtp.messages.length < mails) {
    if (firstMs < 0 && smtp.messages.length > 0) firstMs = Date.now() - t0;
    if (Date.now() > giveUp) throw new Error(`only ${smtp.messages.length} of ${mails} mails arrived`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const lastMs = Date.now() - t0;
  return { firstMs: firstMs < 0 ? lastMs : firstMs, lastMs, mails: smtp.messages.length };
}

/** Throws unless the mails in `smtp` carry each expected notice key exactly once; then empties it. */
export function checkAndClear(smtp: TestSmtp, keysOfMail: Map<string, string[]>, expected: string[]): void {
  const seen = new Map<string, number>();
  for (const m of smtp.messages) {
    const header = String(m.headers.get('x-duban-key') ?? '');
    const keys = keysOfMail.get(header);
    if (!keys) throw new Error(`a mail with an unexpected key: ${header}`);
    for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const wrong = expected.filter((k) => seen.get(k) !== 1);
  if (wrong.length > 0 || seen.size !== expected.length)
    throw new Error(`${wrong.length} notices not received exactly once (e.g. ${wrong[0]}: ${seen.get(wrong[0]) ?? 0})`);
  smtp.messages.length = 0;
}
