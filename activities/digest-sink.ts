// Digests: notices to one person at one send time (a county's 17 year-end reminders at 09:00) are merged.
// Each notice waits a short collection window in the outbox; the first of its batch to claim the batch hands
// it to every sender; the others find their notice sent. Each sender decides how the batch goes out on its
// channel (mail: one message per recipient set; SMS: one per addressee's mobile) and records, per notice, whom
// it reached. Idempotent per channel throughout: what a sender already delivered is skipped on a retry.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { NoticeSink } from './notices';
import type { Notice, Compilation } from '../domain/obligation/notice';
import type { AnnualSummary } from '../domain/obligation/annual';
import { PERMANENT_FAILURE } from '../domain/notices/delivery';
import type { Outbox } from '../store/outbox';

/** Reasons, by notice key, that a channel refused notices for good. */
export type Refusals = Map<string, string>;

export interface BatchSink extends NoticeSink {
  /**
   * Sends what is still owed of these notices (skipping what the delivery log already has) and returns the
   * notices refused for good. Throws only for trouble a retry can mend; what went out before stays recorded.
   */
  deliverBatch(ns: Notice[]): Promise<Refusals>;
}

export const isPermanent = (err: unknown): err is ApplicationFailure => err instanceof ApplicationFailure && err.type === PERMANENT_FAILURE;

export interface DigestOptions {
  outbox: Outbox;
  senders: BatchSink[];
  /** How long a notice waits for others of its batch (production: some seconds). */
  waitMs: number;
  /** How long to wait for another sender that holds our notice before trying again ourselves. */
  patienceMs?: number;
}

export class DigestingSink implements NoticeSink {
  constructor(private readonly o: DigestOptions) {}

  async deliverNotice(n: Notice): Promise<void> {
    const known = await this.o.outbox.row(n.key);
    if (known?.state === 'sent') return;
    if (!known) {
      await this.o.outbox.enqueue(n);
      await sleep(this.o.waitMs);
    }
    const giveUp = Date.now() + (this.o.patienceMs ?? 150_000);
    for (;;) {
      const mine = (await this.o.outbox.row(n.key))!;
      if (mine.state === 'sent') return;
      if (mine.state === 'failed') throw ApplicationFailure.nonRetryable(mine.reason ?? '投递失败', PERMANENT_FAILURE);
      const claimed = await this.o.outbox.claim(mine.batch, Date.now());
      if (claimed.length === 0) {
        if (Date.now() > giveUp) throw new Error(`notice ${n.key} is held by another sender; retrying`);
        await sleep(100);
        continue;
      }
      await this.send(claimed.map((r) => r.notice));
    }
  }

  /** Every sender in turn; a notice one channel refused for good is not sent on the next (as for a lone notice). */
  private async send(batch: Notice[]): Promise<void> {
    const refused: Refusals = new Map();
    try {
      for (const s of this.o.senders) {
        const owed = batch.filter((n) => !refused.has(n.key));
        if (owed.length === 0) break;
        for (const [key, reason] of await s.deliverBatch(owed)) refused.set(key, reason);
      }
    } catch (err) {
      // Retryable: the whole batch goes back to pending; the delivery log keeps the retry from resending.
      await this.o.outbox.settle(
        batch.map((n) => n.key),
        'pending',
      );
      throw err;
    }
    await this.o.outbox.settle(
      batch.filter((n) => !refused.has(n.key)).map((n) => n.key),
      'sent',
    );
    for (const [key, reason] of refused) await this.o.outbox.settle([key], 'failed', reason);
  }

  async deliverCompilation(c: Compilation): Promise<void> {
    for (const s of this.o.senders) await s.deliverCompilation(c);
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    for (const s of this.o.senders) await s.deliverAnnualSummary(a);
  }
}
