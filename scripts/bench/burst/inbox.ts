// What the SMTP server received from one contender: waits until every notice has arrived (each mail's
// X-Duban-Key names a notice, or a digest of some of one person's notices), and checks none came twice.
import type { TestSmtp } from '../../../test/helpers/smtp';

export interface Arrivals {
  /** ms from the burst instant to the first mail and to the mail that completed the set. */
  firstMs: number;
  lastMs: number;
  mails: number;
}

/**
 * Resolves when every one of `expected` has arrived in `smtp` (polled every 20 ms), timed from `t0`; throws on
 * a mail it cannot account for or a notice received twice. Empties `smtp` for the next contender.
 */
export async function untilReceived(
  smtp: TestSmtp,
  keysOfMail: Map<string, string[]>,
  expected: string[],
  t0: number,
  timeoutMs = 3_600_000,
): Promise<Arrivals> {
  const want = new Set(expected);
  const seen = new Set<string>();
  let read = 0;
  let firstMs = -1;
  const giveUp = Date.now() + timeoutMs;
  while (seen.size < want.size) {
    for (; read < smtp.messages.length; read++) {
      if (firstMs < 0) firstMs = Date.now() - t0;
      const header = String(smtp.messages[read].headers.get('x-duban-key') ?? '');
      const keys = keysOfMail.get(header);
      if (!keys) throw new Error(`a mail with an unexpected key: ${header}`);
      for (const k of keys) {
        if (!want.has(k) || seen.has(k)) throw new Error(`notice ${k} received twice or not expected`);
        seen.add(k);
      }
    }
    if (Date.now() > giveUp) throw new Error(`only ${seen.size} of ${want.size} notices arrived`);
    if (seen.size < want.size) await new Promise((r) => setTimeout(r, 20));
  }
  const lastMs = Date.now() - t0;
  // A straggler after the set is complete would be a duplicate: give it a moment to show.
  await new Promise((r) => setTimeout(r, 1000));
  if (smtp.messages.length > read) throw new Error(`${smtp.messages.length - read} more mails than notices owed`);
  smtp.messages.length = 0;
  return { firstMs, lastMs, mails: read };
}
