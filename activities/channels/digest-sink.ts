// Digests: notices to one person at one send time (a county's 17 year-end reminders at 09:00) are merged.
// Each notice is routed to the configured channels that reach its addressee and queued in the outbox for a short
// collection window; the worker's sender (outbox-sender.ts) then hands each batch to every channel. (A notice
// delivered through deliverNotice waits instead: the first of a batch to claim it sends it, the others find their
// notice sent.) Each channel decides how the batch goes out on it (mail: one message per recipient set;
// SMS: one per addressee's mobile) and records, per notice, whom it reached. Idempotent per channel
// throughout: what a channel already delivered is skipped on a retry.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { NoticeSink } from '../notices';
import type { Notice } from '../../domain/obligation/notice';
import type { Compilation } from '../../domain/obligation/compilation';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import type { Outbox, OutboxRow } from '../../store/outbox';
import { allows, Channel, isPermanent, Refusals, routed } from './channel';
import type { PrepareAhead } from './prepare-ahead';

/** Channels of a batch that met trouble a retry may mend (the others delivered their part). */
export class ChannelTrouble extends Error {
  override readonly name = 'ChannelTrouble';
  readonly channels: string[];
  constructor(readonly troubles: { channel: string; err: unknown }[]) {
    super(troubles.map((t) => (t.err instanceof Error ? t.err.message : String(t.err))).join('；'));
    this.channels = troubles.map((t) => t.channel);
  }
}

/** How a batch that met trouble is tried again: doubling pauses, and the obligation told after `stallAfter`. */
export interface RetryPacing {
  initialMs: number;
  maxMs: number;
  stallAfter: number;
}

/**
 * 30 s doubling up to 5 min, told as stalled after about a day (4 doubling pauses, then 286 of 5 min). The pause
 * stops at 5 min so that a server back from an outage (or a password fixed) sees its notices within 5 min.
 */
export const NOTICE_PACING: RetryPacing = { initialMs: 30_000, maxMs: 5 * 60_000, stallAfter: 290 };

export interface DigestOptions {
  outbox: Outbox;
  /** The configured channels, in the order they are tried (mail first). */
  channels: Channel[];
  /** How long a notice waits for others of its batch (production: some seconds). */
  waitMs: number;
  /** How long to wait for another sender that holds our notice before trying again ourselves. */
  patienceMs?: number;
  pacing?: RetryPacing;
  /** Told of each notice queued ahead of its instant (prepare-ahead.ts). */
  ahead?: Pick<PrepareAhead, 'scheduled'>;
}

export class DigestingSink implements NoticeSink {
  constructor(private readonly o: DigestOptions) {}

  /** Routing a routed notice changes nothing, so the activity and this sink may both do it. */
  route(n: Notice): Notice {
    return routed(n, this.o.channels);
  }

  /** Queues the notice for the sender; the obligation is told later only if it is refused or stalls. */
  async queue(n: Notice, workflowId: string): Promise<'queued'> {
    await this.o.outbox.enqueue(this.route(n), { workflowId: workflowId || undefined, readyAtMs: Date.now() + this.o.waitMs });
    return 'queued';
  }

  /** Queued ahead of its instant: its batch goes out at the instant, whole (everyone's notices are in by then). */
  async schedule(n: Notice, workflowId: string, atMs: number): Promise<void> {
    const readyAtMs = Math.max(atMs, Date.now() + this.o.waitMs);
    const routed = this.route(n);
    await this.o.outbox.enqueue(routed, { workflowId: workflowId || undefined, readyAtMs });
    this.o.ahead?.scheduled(routed, readyAtMs);
  }

  async withdraw(key: string): Promise<boolean> {
    return this.o.outbox.withdraw(key);
  }

  /** The activity of obligations from before queued notices: waits for its batch's window and send. */
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
      await this.sendBatch(claimed);
    }
  }

  /**
   * Sends a claimed batch and settles every row: sent, or refused for good (failed; returned), or, when a channel
   * met trouble a retry may mend, back to pending after a pause, and the error rethrown.
   */
  async sendBatch(rows: OutboxRow[]): Promise<Refusals> {
    try {
      return await this.send(rows.map((r) => r.notice));
    } catch (err) {
      const p = this.o.pacing ?? NOTICE_PACING;
      const attempts = Math.min(...rows.map((r) => r.attempts));
      await this.o.outbox.retryLater(
        rows.map((r) => r.key),
        Date.now() + Math.min(p.initialMs * 2 ** attempts, p.maxMs),
        err instanceof Error ? err.message : String(err),
        p.stallAfter,
      );
      throw err;
    }
  }

  /**
   * Every channel in turn, each with the notices routed to it; a notice one channel refused for good is not
   * sent on the next (as for a lone notice). A channel in trouble does not hold back the others: each is tried,
   * and the first trouble is thrown afterwards (naming the channels that met it) so the batch is retried, the
   * delivery log keeping what the other channels sent from going out twice.
   */
  private async send(batch: Notice[]): Promise<Refusals> {
    const refused: Refusals = new Map();
    const troubles: { channel: string; err: unknown }[] = [];
    for (const c of this.o.channels) {
      const owed = batch.filter((n) => !refused.has(n.key) && allows(n, c.name));
      if (owed.length === 0) continue;
      try {
        for (const [key, reason] of await c.deliverBatch(owed)) refused.set(key, reason);
      } catch (err) {
        if (isPermanent(err)) throw err;
        troubles.push({ channel: c.name, err });
      }
    }
    if (troubles.length) throw new ChannelTrouble(troubles);
    await this.o.outbox.settle(
      batch.filter((n) => !refused.has(n.key)).map((n) => n.key),
      'sent',
    );
    for (const [key, reason] of refused) await this.o.outbox.settle([key], 'failed', reason);
    return refused;
  }

  close(): void {
    for (const c of this.o.channels) c.close?.();
  }

  async deliverCompilation(c: Compilation): Promise<void> {
    for (const ch of this.o.channels) await ch.deliverCompilation?.(c);
  }

  async deliverAnnualSummary(a: AnnualSummary): Promise<void> {
    for (const ch of this.o.channels) await ch.deliverAnnualSummary?.(a);
  }
}
