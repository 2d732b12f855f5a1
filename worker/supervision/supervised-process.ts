// A child process that is kept running: started with an IPC channel (so it stops itself when we die, see
// parent-watch.ts), awaited until it says it is ready, and restarted with backoff when it dies
// unexpectedly (1 s, doubling up to 30 s; back to 1 s after it ran a stable minute). With `retryStart`, one
// that dies before it is first ready (a port an earlier, killed run still held) is retried the same way.
import { ChildProcess, spawn } from 'node:child_process';

export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as stable: the next restart waits `initialMs` again. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

export interface SupervisedSpec {
  /** What the console calls it, e.g. "worker". */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  say: (line: string) => void;
  /** Called with every new process (to keep the pid file current). */
  onSpawn?: (pid: number, startedAt: number) => void;
  backoff?: Partial<Backoff>;
  /** How long a stop waits for the process before SIGKILL. */
  stopGraceMs?: number;
  /**
   * Dying before the first ready is retried with the same backoff (the start resolves once a later try is
   * ready) instead of failing the start.
   */
  retryStart?: boolean;
}

export class SupervisedProcess {
  private child?: ChildProcess;
  private startedAt = 0;
  private delayMs: number;
  private restartTimer?: NodeJS.Timeout;
  private stopping = false;
  private startWaiting?: () => void;
  private readonly backoff: Backoff;
  /** How many times it has been restarted after dying. */
  restarts = 0;

  constructor(private readonly spec: SupervisedSpec) {
    this.backoff = { ...DEFAULT_BACKOFF, ...spec.backoff };
    this.delayMs = this.backoff.initialMs;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Starts it; resolves once it is ready. Dying before the first ready fails the start, or with `retryStart`
   * is retried after the backoff's delay (resolving when stopped meanwhile).
   */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.startWaiting = resolve; // a stop during a retry's delay ends the wait
      const attempt = () => {
        if (this.stopping) return resolve();
        const child = this.launch();
        const early = (code: number | null, signal: NodeJS.Signals | null) => {
          if (this.stopping) return resolve();
          const failure = `${this.spec.name}启动失败（${exitReason(code, signal)}）`;
          if (!this.spec.retryStart) return reject(new Error(failure));
          const delay = this.nextDelay();
          this.spec.say(`${failure}，${formatDelay(delay)}后重试`);
          this.restartTimer = setTimeout(attempt, delay);
        };
        child.once('exit', early);
        this.whenReady(child, () => {
          child.off('exit', early);
          child.once('exit', (code, signal) => this.died(code, signal));
          resolve();
        });
      };
      attempt();
    });
  }

  /** Stops it (SIGTERM, SIGKILL after the grace period) and restarts it no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.startWaiting?.();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.spec.stopGraceMs ?? 15_000);
    await exited;
    clearTimeout(timer);
  }

  private launch(): ChildProcess {
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env ?? process.env,
      // Its own process group: Ctrl-C reaches the supervisor only, which stops everything in order.
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('error', (err) => this.spec.say(`${this.spec.name}无法启动：${err.message}`));
    this.child = child;
    this.startedAt = Date.now();
    if (child.pid) this.spec.onSpawn?.(child.pid, this.startedAt);
    return child;
  }

  private whenReady(child: ChildProcess, then: () => void): void {
    const onMessage = (m: unknown) => {
      if ((m as { duban?: string } | null)?.duban !== 'ready') return;
      child.off('message', onMessage);
      then();
    };
    child.on('message', onMessage);
  }

  private died(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const delay = this.nextDelay();
    this.spec.say(`${this.spec.name}意外退出（${exitReason(code, signal)}），${formatDelay(delay)}后重启`);
    this.restartTimer = setTimeout(() => this.restart(), delay);
  }

  /** The wait before the next try: doubling up to the cap, back to the first step after a stable run. */
  private nextDelay(): number {
    if (Date.now() - this.startedAt >= this.backoff.stableMs) this.delayMs = this.backoff.initialMs;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    return delay;
  }

  private restart(): void {
    if (this.stopping) return;
    const child = this.launch();
    this.restarts++;
    const n = this.restarts;
    this.whenReady(child, () => this.spec.say(`${this.spec.name}已重新启动（第 ${n} 次，进程 ${child.pid}）`));
    child.once('exit', (code, signal) => this.died(code, signal));
  }
}

export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `信号 ${signal}` : `退出码 ${code}`;
}

function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} 秒` : `${(ms / 1000).toFixed(1)} 秒`;
}
