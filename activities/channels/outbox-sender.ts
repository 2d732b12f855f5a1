// The worker's sender: delivers the notices obligations queued in the outbox. Every worker runs one; a batch
// is claimed atomically, so each goes out from one of them. A batch goes once its collection window has closed
// (all of one person's notices for one instant in one message); trouble a retry may mend puts it back for a
// doubling pause. The obligation is told only what it must record: a refusal for good, or a notice still stalled
// after many attempts. A sender killed mid-batch leaves its claim to expire; the delivery log keeps the next
// sender from sending again what the server had accepted.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Outbox, OutboxRow, OutboxTelling } from '../../store/outbox';
import type { PrepareAhead } from './prepare-ahead';
import type { DocumentIssuer } from '../documents/issuer';
import { ChannelTrouble, type DigestingSink } from './digest-sink';
import { permanentFailure } from './channel';
import { countDelivered, countFailed, recordOutboxDepth } from '../notice-metrics';

/** Ready batches are looked up for this many rounds of `parallel` at once, and looked up again after READY_FOR_MS. */
const READY_ROUNDS = 10;
const READY_FOR_MS = 1_000;
/** How often the outbox's depth is counted for the metrics. */
const DEPTH_EVERY_MS = 5_000;

/** Tells an obligation of a queued notice's outcome (resolves, telling nobody, when the obligation is gone). */
export type TellObligation = (t: OutboxTelling) => Promise<void>;

export interface SenderOptions {
  outbox: Outbox;
  sink: DigestingSink;
  tell: TellObligation;
  /** How often the outbox is looked at. */
  pollMs?: number;
  /** Batches sent at once (the mail pool's connections bound the SMTP transactions in flight anyway). */
  parallel?: number;
  /** Prepares at each look what the notices due in the next minutes will carry (prepare-ahead.ts). */
  ahead?: Pick<PrepareAhead, 'look' | 'stop'>;
  /** Tells at each look the timeline lines owed for the documents mails carried (issuer.ts). */
  documents?: Pick<DocumentIssuer, 'tellOwed' | 'stop'>;
  /** Where the sender reports trouble with the store or the server (the worker's log). */
  warn?: (message: string) => void;
  /** While the store is away (PostgreSQL down), the pause between looks doubles from `pollMs` up to this. */
  maxPauseMs?: number;
  /** How often a store still away is said again in the log. */
  repeatWarnMs?: number;
}

export class OutboxSender {
  private readonly inFlight = new Set<string>();
  /** Batches found ready at `readyAt` and not yet started, in the order they became ready. */
  private ready: string[] = [];
  private readyAt = 0;
  private readonly sends = new Set<Promise<void>>();
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Set when the loop was woken while it was not asleep: it looks again at once. */
  private woken = false;
  private depthAt = 0;
  /** The documents' tellings under way: beside the sending, never in its way. */
  private telling?: Promise<void>;

  constructor(private readonly o: SenderOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Finishes the batches being sent, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.loop;
    await Promise.all([...this.sends, this.o.ahead?.stop(), this.telling]);
    await this.o.documents?.stop();
  }

  private async run(): Promise<void> {
    const pollMs = this.o.pollMs ?? 200;
    let pauseMs = pollMs;
    let awaySince: number | undefined;
    let saidAt = 0;
    while (!this.stopped) {
      try {
        await this.tick();
        if (awaySince !== undefined) this.warn(`通知发送队列已恢复（中断约 ${Math.round((Date.now() - awaySince) / 1000)} 秒）`);
        awaySince = undefined;
        pauseMs = pollMs;
      } catch (err) {
        // The store is away: look again after a doubling pause, and say so once, then every half minute.
        const now = Date.now();
        awaySince ??= now;
        pauseMs = Math.min(pauseMs * 2, this.o.maxPauseMs ?? 10_000);
        if (now - saidAt >= (this.o.repeatWarnMs ?? 30_000)) {
          saidAt = now;
          this.warn(
            `通知发送队列暂不可用（${err instanceof Error ? err.message : String(err)}），已持续 ${Math.round((now - awaySince) / 1000)} 秒，稍后重试`,
          );
        }
      }
      if (!this.woken) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          void sleep(pauseMs).then(resolve);
        });
      }
      this.woken = false;
      this.wake = undefined;
    }
  }

  /** Starts the ready batches there is room for, and tells obligations what they must record. */
  async tick(): Promise<void> {
    const parallel = this.o.parallel ?? 40;
    let room = parallel - this.inFlight.size;
    if (room > 0 && (this.ready.length === 0 || Date.now() - this.readyAt >= READY_FOR_MS)) {
      // Looked up for several rounds of batches: at 09:00 each finished batch asks for the next, and the look
      // groups the whole outbox. A batch another sender took meanwhile is found claimed (and skipped) at once.
      this.readyAt = Date.now();
      this.ready = (await this.o.outbox.readyBatches(this.readyAt, parallel * READY_ROUNDS)).filter((b) => !this.inFlight.has(b));
    }
    for (; room > 0 && this.ready.length > 0; room--) this.launch(this.ready.shift()!);
    this.o.ahead?.look();
    this.tellDocuments();
    await this.tellObligations();
    if (Date.now() - this.depthAt >= DEPTH_EVERY_MS) {
      this.depthAt = Date.now();
      recordOutboxDepth(await this.o.outbox.depth());
    }
  }

  /**
   * Sends until nothing is left to send (windows waited out), and tells the obligations: for tests and scripts.
   * Gives up after `withinMs` (a batch waiting out a back-off stays queued).
   */
  async drain(withinMs = 10_000): Promise<void> {
    const until = Date.now() + withinMs;
    do {
      await this.tick();
      await Promise.all(this.sends);
      if ((await this.o.outbox.depth()) === 0) break;
      await sleep(20);
    } while (Date.now() < until);
    await this.tellObligations();
    await this.telling;
  }

  /** The owed documents' lines are told by a sweep of their own (the store away: tried at the next look). */
  private tellDocuments(): void {
    if (!this.o.documents || this.telling) return;
    this.telling = this.o.documents
      .tellOwed()
      .catch((err: unknown) => this.warn(`无法读取待记入时间线的公文，稍后重试：${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.telling = undefined));
  }

  /** The loop looks at the outbox again now (or as soon as its current look ends). */
  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  private launch(batch: string): void {
    this.inFlight.add(batch);
    const sent = this.send(batch)
      .catch((err) => this.warn(`通知发送失败，稍后重试：${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.inFlight.delete(batch);
        this.sends.delete(sent);
        // Its place goes to the next ready batch now, not at the next look: at 09:00 hundreds wait for one.
        this.poke();
      });
    this.sends.add(sent);
  }

  private async send(batch: string): Promise<void> {
    const rows: OutboxRow[] = await this.o.outbox.claim(batch, Date.now());
    if (rows.length === 0) return; // another sender has it
    try {
      const refused = await this.o.sink.sendBatch(rows);
      for (const { notice } of rows)
        if (refused.has(notice.key)) countFailed(notice, permanentFailure(refused.get(notice.key)!));
        else countDelivered(notice);
    } catch (err) {
      // Counted against the channels that met the trouble only (the others delivered their part).
      const failedOn = err instanceof ChannelTrouble ? err.channels : undefined;
      for (const { notice } of rows)
        countFailed(failedOn ? { ...notice, channels: (notice.channels ?? []).filter((c) => failedOn.includes(c)) } : notice, err);
      throw err;
    }
  }

  private async tellObligations(): Promise<void> {
    const done: string[] = [];
    for (const t of await this.o.outbox.untold(100)) {
      try {
        await this.o.tell(t);
        done.push(t.key);
      } catch (err) {
        this.warn(`无法通知 ${t.workflowId} 其通知的投递结果，稍后重试：${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await this.o.outbox.told(done);
  }

  private warn(message: string): void {
    (this.o.warn ?? console.warn)(`[sender] ${message}`);
  }
}
