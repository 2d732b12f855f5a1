// A local service of the start command (the Temporal dev server) kept running after start-up: when it dies
// (kill -9, a crash), it is started again on the same ports and data file with backoff (1 s, doubling up to
// 30 s), the console says so in Chinese, and the worker and portal reconnect on their own.
import type { ChildService } from './child-service';
import { Backoff, DEFAULT_BACKOFF, exitReason } from '../worker/supervision/supervised-process';

export interface KeptServiceOptions<T extends ChildService> {
  /** What the console calls it, e.g. "Temporal 开发服务器". */
  name: string;
  /** Starts it again; resolves once it answers. */
  relaunch: () => Promise<T>;
  say: (line: string) => void;
  /** Called with every new instance (to keep the pid file current). */
  onRestart?: (s: T) => void;
  backoff?: Partial<Backoff>;
}

export class KeptService<T extends ChildService> {
  private stopping = false;
  private timer?: NodeJS.Timeout;
  private delayMs: number;
  private startedAt = Date.now();
  private readonly backoff: Backoff;
  private relaunching?: Promise<void>;
  /** How many times it has been started again after dying. */
  restarts = 0;

  constructor(
    private current: T,
    private readonly o: KeptServiceOptions<T>,
  ) {
    this.backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.delayMs = this.backoff.initialMs;
    this.watch(current);
  }

  get service(): T {
    return this.current;
  }

  /** Stops it and starts it no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.relaunching;
    await this.current.stop();
  }

  private watch(s: T): void {
    s.process.once('exit', (code, signal) => {
      if (this.stopping) return;
      this.retryAfter(`${this.o.name}意外退出（${exitReason(code, signal)}）`);
    });
  }

  private retryAfter(what: string): void {
    if (Date.now() - this.startedAt >= this.backoff.stableMs) this.delayMs = this.backoff.initialMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.o.say(`${what}，${delay / 1000} 秒后重启`);
    this.timer = setTimeout(() => void (this.relaunching = this.relaunch()), delay);
  }

  private async relaunch(): Promise<void> {
    if (this.stopping) return;
    let next: T;
    try {
      next = await this.o.relaunch();
    } catch (err) {
      if (!this.stopping) this.retryAfter(`${this.o.name}重启失败：${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    this.current = next;
    this.startedAt = Date.now();
    this.restarts++;
    this.o.onRestart?.(next);
    if (this.stopping) return;
    this.o.say(`${this.o.name}已重新启动（第 ${this.restarts} 次）`);
    this.watch(next);
  }
}
