// Digests: notices to one person at one send time (a county's 17 year-end reminders at 09:00) are merged.
// Each notice is routed to the configured channels that reach its addressee, then waits a short collection
// window in the outbox; the first of its batch to claim the batch hands it to every channel; the others find
// their notice sent. Each channel decides how the batch goes out on it (mail: one message per recipient set;
// SMS: one per addressee's mobile) and records, per notice, whom it reached. Idempotent per channel
// throughout: what a channel already delivered is skipped on a retry.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { NoticeSink } from '../notices';
import type { Notice, Compilation } from '../../domain/obligation/notice';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import type { Outbox } from '../../store/outbox';
import { allows, Channel, Refusals, routed } from './channel';

export interface DigestOptions {
  outbox: Outbox;
  /** The configured channels, in the order they are tried (mail first). */
  channels: Channel[];
  /** How long a notice waits for others of its batch (production: some seconds). */
  waitMs: number;
  /** How long to wait for another sender that holds our notice before trying again ourselves. */
  patienceMs?: number;
}

export class DigestingSink implements NoticeSink {
  constructor(private readonly o: DigestOptions) {}

  /** Routing a routed notice changes nothing, so the activity and this sink may both do it. */
  route(n: Notice): Notice {
    return routed(n, this.o.channels);
  }

  async deliverNotice(n: Notice): Promise<void> {
    const known = await this.o.outbox.row(n.key);
    if (known?.state === 'sent') return;
    if (!known) {
      await this.o.outbox.enqueue(this.route(n));
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

  /**
   * Every channel in turn, each with the notices routed to it; a notice one channel refused for good is not
   * sent on the next (as for a lone notice).
   */
  private async send(batch: Notice[]): Promise<void> {
    const refused: Refusals = new Map();
    try {
      for (const c of this.o.channels) {
        const owed = batch.filter((n) => !refused.has(n.key) && allows(n, c.name));
        if (owed.length === 0) continue;
        for (const [key, reason] of await c.deliverBatch(owed)) refused.set(key, reason);
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
    for (const ch of this.o.channels) await ch.deliverCompilation?.(c);
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    for (const ch of this.o.channels) await ch.deliverAnnualSummary?.(a);
  }
}
