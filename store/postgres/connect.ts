// Connecting to duban's PostgreSQL store (DUBAN_DATABASE_URL): one pool per process, the schema migrated
// before first use. Every failure to reach it becomes one Chinese sentence naming the server (user, host,
// port, database) and never the password, which the caller prints before exiting non-zero.
import { Pool } from 'pg';
import { migrate } from './migrate';

/** The store could not be reached or prepared; the message is safe to print (no password). */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** "user@host:port/database" from a postgres:// URL, without its password; undefined when it is not one. */
export function describeDatabaseUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return undefined;
  const host = u.hostname || u.searchParams.get('host') || 'localhost';
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${host}:${u.port || 5432}/${db}`;
}

/** Why a connection failed, in Chinese, from the driver's error code (its message may quote the URL). */
function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  // A host name with several addresses fails as an AggregateError: its first attempt says why.
  switch (e.code ?? e.errors?.[0]?.code) {
    case 'ECONNREFUSED':
      return '连接被拒绝（数据库未启动，或端口不对）';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '找不到该主机';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return '网络不通或连接超时';
    case '28P01':
    case '28000':
      return '用户名或密码错误，或该用户无权连接';
    case '3D000':
      return '数据库不存在';
    case '42501':
      return '该用户无权建表（迁移需要 CREATE 权限）';
    case '57P03':
      return '数据库正在启动或关闭';
  }
  if (/timeout/i.test(e.message ?? '')) return '连接超时';
  if (/SSL/i.test(e.message ?? '')) return 'SSL 连接失败';
  return `错误代码 ${e.code ?? '未知'}`;
}

/**
 * A pool on `url`, its schema migrated (under an advisory lock, so processes starting together do not
 * race), and the migrations applied now. Throws StoreUnavailableError for a malformed URL, an unreachable
 * server or refused credentials.
 */
export async function connectPostgres(url: string, opts: { max?: number } = {}): Promise<{ pool: Pool; applied: number[] }> {
  const where = describeDatabaseUrl(url);
  if (!where)
    throw new StoreUnavailableError('DUBAN_DATABASE_URL 不是有效的 PostgreSQL 地址（应为 postgres://用户:密码@主机:端口/数据库）');
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client's error (the server restarted) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  try {
    return { pool, applied: await migrate(pool) };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreUnavailableError(`无法使用 PostgreSQL 数据库 ${where}：${reasonOf(err)}。请检查 DUBAN_DATABASE_URL 和数据库服务。`);
  }
}
