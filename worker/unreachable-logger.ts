// The worker's log while the Temporal server cannot be reached (stopped, restarting, killed): instead of the
// SDK's English gRPC retries every few hundred milliseconds, one Chinese line when it is first lost and again
// every half minute while it stays away, and one when polls work again. Everything else passes through.
import { DefaultLogger, LogLevel, LogMetadata, Logger } from '@temporalio/worker';

/** What the SDK's connection and poll errors say when the server is not there. */
const UNREACHABLE =
  /Unavailable|tcp connect error|Connection refused|transport error|error trying to connect|connection reset|broken pipe|h2 protocol error/i;

export class UnreachableServerLogger implements Logger {
  private lostAt?: number;
  private saidAt = 0;
  private readonly inner: Logger;

  constructor(
    private readonly address: string,
    level: LogLevel = 'INFO',
    private readonly out: (line: string) => void = (l) => console.error(l),
    private readonly repeatMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {
    this.inner = new DefaultLogger(level);
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if ((level === 'WARN' || level === 'ERROR') && UNREACHABLE.test(`${message} ${safeJson(meta)}`)) return this.unreachable();
    this.inner.log(level, message, meta);
  }

  /** The server answers again (the worker checks while it is lost). */
  back(): void {
    if (this.lostAt === undefined) return;
    this.out(`[worker] 已重新连接 Temporal 服务 ${this.address}（中断约 ${Math.round((this.now() - this.lostAt) / 1000)} 秒）`);
    this.lostAt = undefined;
    this.saidAt = 0;
  }

  get lost(): boolean {
    return this.lostAt !== undefined;
  }

  private unreachable(): void {
    const t = this.now();
    this.lostAt ??= t;
    if (t - this.saidAt < this.repeatMs) return;
    this.saidAt = t;
    const since = Math.round((t - this.lostAt) / 1000);
    this.out(
      `[worker] 无法连接 Temporal 服务 ${this.address}${since ? `（已持续 ${since} 秒）` : ''}：服务未运行或正在重启，工作进程继续重试，恢复后自动接着处理`,
    );
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

function safeJson(meta: unknown): string {
  try {
    return JSON.stringify(meta) ?? '';
  } catch {
    return String(meta);
  }
}
