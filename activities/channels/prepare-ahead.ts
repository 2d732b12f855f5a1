// What a queued notice will carry (a 督办's 督办通知书) is prepared in the minutes before its instant, so that at 09:00
// the worker's thread goes to the mails and not to rendering hundreds of documents. The sender looks ahead at each of
// its looks; a notice queued inside the range already looked at is prepared as it is queued.
import type { Notice } from '../../domain/obligation/notice';
import type { DueNotice, DuePlace, Outbox } from '../../store/outbox';

/** How long before their instant notices are prepared (a 10,000-notice burst's 3,300 documents take about 30 s). */
export const PREPARE_AHEAD_MS = 120_000;
/** Notices read from the outbox at once. */
const AT_ONCE = 1_000;

export class PrepareAhead {
  /** Notices due up to this instant have been or are being looked at (or were due when the worker started). */
  private horizon = Date.now();
  private looking?: Promise<void>;
  private readonly preparing = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly o: {
      outbox: Outbox;
      /** Prepares what `n`, due at `readyAtMs` on this worker's clock, will carry. */
      prepare: (n: Notice, readyAtMs: number) => Promise<void>;
      aheadMs?: number;
      warn?: (message: string) => void;
    },
  ) {}

  /** A notice just queued for `readyAtMs`: one inside the range already looked at is prepared now. */
  scheduled(n: Notice, readyAtMs: number): void {
    if (readyAtMs > this.horizon || this.stopped) return; // a later look finds it
    this.track(this.o.prepare(n, readyAtMs));
  }

  /**
   * The sender's look: in the background, one notice after another (rendering is CPU: the mails in flight keep
   * their turns), those that have come within the horizon since the last look, once a second at most.
   */
  look(): void {
    const until = Date.now() + (this.o.aheadMs ?? PREPARE_AHEAD_MS);
    if (this.looking || this.stopped || until - this.horizon < 1_000) return;
    const from = this.horizon;
    this.horizon = until;
    this.looking = (async () => {
      // Page after page: at 09:00 thousands are due at one instant, and the horizon has moved past all of them.
      for (let page: DueNotice[] = [], place: DuePlace | undefined; !this.stopped;) {
        page = await this.o.outbox.dueBetween(from, until, AT_ONCE, place);
        for (const { notice, readyAtMs } of page) {
          if (this.stopped) return;
          await this.o.prepare(notice, readyAtMs).catch(() => undefined); // prepared again when sent, where a failure is retried
        }
        if (page.length < AT_ONCE) return;
        const last = page[page.length - 1]!;
        place = { readyAtMs: last.readyAtMs, key: last.notice.key };
      }
    })()
      .catch((err) => this.o.warn?.(`通知附件预备失败，发送时再生成：${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (this.looking = undefined));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.looking, ...this.preparing]);
  }

  private track(p: Promise<void>): void {
    const tracked = p.catch(() => undefined).finally(() => this.preparing.delete(tracked));
    this.preparing.add(tracked);
  }
}
