// Digests: notices to one person at one send time (a county's 17 year-end reminders at 09:00) are merged
// into one mail and one SMS. Each notice waits a short collection window in the outbox; the first of its
// batch to claim the batch sends it; the others find their notice sent. Idempotent per channel throughout.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { NoticeSink } from './notices';
import type { Notice, Compilation } from '../domain/obligation/notice';
import type { AnnualSummary } from '../domain/obligation/annual';
import { PERMANENT_FAILURE } from '../domain/notices/delivery';
import type { Outbox } from './mail/outbox';

export interface BatchSink extends NoticeSink {
  deliverBatch(ns: Notice[]): Promise<void>;
}

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
    const known = this.o.outbox.row(n.key);
    if (known?.state === 'sent') return;
    if (!known) {
      this.o.outbox.enqueue(n);
      await sleep(this.o.waitMs);
    }
    const giveUp = Date.now() + (this.o.patienceMs ?? 150_000);
    for (;;) {
      const mine = this.o.outbox.row(n.key)!;
      if (mine.state === 'sent') return;
      if (mine.state === 'failed') throw ApplicationFailure.nonRetryable(mine.reason ?? '投递失败', PERMANENT_FAILURE);
      const claimed = this.o.outbox.claim(mine.batch, Date.now());
      if (claimed.length === 0) {
        if (Date.now() > giveUp) throw new Error(`notice ${n.key} is held by another sender; retrying`);
        await sleep(100);
        continue;
      }
      const keys = claimed.map((r) => r.key);
      try {
        for (const s of this.o.senders) await s.deliverBatch(claimed.map((r) => r.notice));
      } catch (err) {
        const permanent = err instanceof ApplicationFailure && err.type === PERMANENT_FAILURE;
        this.o.outbox.settle(keys, permanent ? 'failed' : 'pending', permanent ? err.message : undefined);
        throw err;
      }
      this.o.outbox.settle(keys, 'sent');
    }
  }

  async deliverCompilation(c: Compilation): Promise<void> {
    for (const s of this.o.senders) await s.deliverCompilation(c);
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    for (const s of this.o.senders) await s.deliverAnnualSummary(a);
  }
}
