// The timeline lines owed for documents that mails carried: each is noted on its number's row in the store (owe),
// then told to the document's obligations once its time has come. The worker that mailed the document tells it on
// time by a timer of its own; every worker's sender also sweeps the store now and then, so a line owed by a worker
// lost before its time is told by another. A telling the server does not take stays owed and is tried again after
// pauses doubling from a second to five minutes, said in the worker's log once when it starts failing and once when
// told, or given up after RECORD_PATIENCE_MS (the mail and its number are kept; only the timeline's line is missing).
import type { DocumentIssuedSignal } from '../../domain/documents/model';
import type { DocumentNumbers, OwedTelling } from '../../store/document-numbers';

/** How long an owed line is tried, from its first failure. */
const RECORD_PATIENCE_MS = 6 * 3600_000;
/** Pauses after a failed telling: doubling from the first to the last. */
const FIRST_PAUSE_MS = 1_000;
const LAST_PAUSE_MS = 300_000;
/** The senders' sweeps come at most this often; each tells at most this many lines before looking again. */
const SWEEP_EVERY_MS = 5_000;
const PAGE = 200;

export interface OwedTellingsOptions {
  numbers: () => DocumentNumbers | Promise<DocumentNumbers>;
  /** Signals the obligations (closed ones are past telling); throws when the server does not take it. */
  tell: (signal: DocumentIssuedSignal, recordIn: string[]) => Promise<void>;
  warn?: (message: string) => void;
}

export class OwedTellings {
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private sweeping?: Promise<void>;
  /** Asked again while a sweep was running: it sweeps once more. */
  private again = false;
  private sweptAt = 0;
  private pauseMs = FIRST_PAUSE_MS;
  /** The lines being retried, by 发文字号: failed attempts, and since when (this worker's clock). */
  private readonly failed = new Map<string, { attempts: number; since: number }>();
  private stopped = false;
  /** The times of the lines this worker owed and has not swept yet: the timer is set for the earliest. */
  private times: number[] = [];

  constructor(private readonly o: OwedTellingsOptions) {}

  /** Notes the line in the store, and tells it from this worker when its time comes. */
  async owe(t: OwedTelling): Promise<void> {
    await (await this.o.numbers()).owe(t);
    this.times.push(t.afterMs);
    this.wakeAt(t.afterMs);
  }

  /** A sender's look: the lines owed by now (a lost worker's included), at most once every SWEEP_EVERY_MS. */
  async sweepNow(nowMs = Date.now()): Promise<void> {
    if (this.sweeping || nowMs - this.sweptAt < SWEEP_EVERY_MS) return this.sweeping;
    return this.sweep(nowMs);
  }

  /** No more timers: the worker is stopping (what is still owed stays in the store for the others). */
  stop(): Promise<void> | undefined {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.sweeping;
  }

  private wakeAt(ms: number): void {
    if (this.stopped || (this.timer && this.timerAt <= ms)) return;
    clearTimeout(this.timer);
    this.timerAt = ms;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        void this.sweep(Date.now());
      },
      Math.max(0, ms - Date.now()),
    );
    this.timer.unref(); // a worker that stops leaves it to the store
  }

  /** One sweep at a time; asked while one runs, it runs once more after it. */
  private sweep(nowMs: number): Promise<void> {
    if (this.sweeping) {
      this.again = true;
      return this.sweeping;
    }
    this.sweptAt = nowMs;
    // The lines due later keep the timer, set for the earliest of them.
    this.times = this.times.filter((at) => at > nowMs);
    if (this.times.length) this.wakeAt(Math.min(...this.times));
    this.sweeping = this.tellOwed(nowMs)
      .catch((err: unknown) => {
        this.warn(`无法读取待记入时间线的公文，稍后重试：${err instanceof Error ? err.message : String(err)}`);
        this.retryLater();
      })
      .finally(() => {
        this.sweeping = undefined;
        if (this.again) {
          this.again = false;
          void this.sweep(Date.now());
        }
      });
    return this.sweeping;
  }

  /** Tells the owed lines page by page; a line the server does not take stops the sweep until the next pause. */
  private async tellOwed(nowMs: number): Promise<void> {
    const numbers = await this.o.numbers();
    for (;;) {
      const page = await numbers.owed(nowMs, PAGE);
      for (const t of page) {
        if (!(await this.tellOne(t, nowMs))) return this.retryLater();
        await numbers.told(t);
      }
      this.pauseMs = FIRST_PAUSE_MS;
      if (page.length < PAGE || this.stopped) return;
    }
  }

  /** True when told (or given up); false when it stays owed for another try. */
  private async tellOne(t: OwedTelling, nowMs: number): Promise<boolean> {
    const number = t.signal.number;
    const failed = this.failed.get(number);
    try {
      await this.o.tell(t.signal, t.recordIn);
      if (failed) this.warn(`${number} 已记入有关督办事项的时间线（重试 ${failed.attempts} 次后）`);
      this.failed.delete(number);
      return true;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (failed && nowMs - failed.since > RECORD_PATIENCE_MS) {
        this.failed.delete(number);
        this.warn(`${number} 未能记入有关督办事项的时间线，已放弃：${why}`);
        return true;
      }
      if (!failed) this.warn(`${number} 暂未能记入有关督办事项的时间线，稍后重试：${why}`);
      this.failed.set(number, { attempts: (failed?.attempts ?? 0) + 1, since: failed?.since ?? nowMs });
      return false;
    }
  }

  private retryLater(): void {
    this.wakeAt(Date.now() + this.pauseMs);
    this.pauseMs = Math.min(this.pauseMs * 2, LAST_PAUSE_MS);
  }

  private warn(message: string): void {
    (this.o.warn ?? console.warn)(`[documents] ${message}`);
  }
}
