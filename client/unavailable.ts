// Faults of the parts duban runs on, as the portal and board answer them: the Temporal server unreachable or
// not answering, duban's PostgreSQL store down, a full disk. Each is a Chinese answer with its HTTP status and
// one log line without a stack. Nothing was submitted, so nothing is half done; the portal's report form shows
// the answer above what the unit typed.
import { GRPC_STATUS } from './grpc-status';

export interface Unavailable {
  status: number;
  /** What the person reads. */
  message: string;
  /** One line for the log. */
  log: string;
}

export const BUSY_MESSAGE = '系统繁忙，请稍后再试。本次操作未完成，未保存任何内容。';
export const STORAGE_FULL_MESSAGE = '存储空间不足，报告未能保存，请稍后再试。本次提交未被接收（已记录，请联系管理员）。';

/** gRPC status codes of a server that is away or too slow. */
const GRPC_UNREACHABLE = new Set<number>([GRPC_STATUS.deadlineExceeded, GRPC_STATUS.unavailable]);
/** PostgreSQL (node-postgres) and socket errors of a database that is away, and its "shutting down" codes. */
const DATABASE_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/** The fault behind `err` (or its causes), or undefined for any other error. */
export function unavailable(err: unknown): Unavailable | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown; message?: string; name?: string } | undefined, depth = 0;
    e && depth < 6;
    e = e.cause as typeof e, depth++
  ) {
    const code = e.code;
    if (code === 'DUBAN_REQUEST_TIMEOUT')
      // web/request-deadline.ts: the request's own time limit passed
      return { status: 503, message: BUSY_MESSAGE, log: `超过请求时限：${e.message ?? ''}` };
    if (typeof code === 'string' && DISK_FULL.has(code))
      return { status: 507, message: STORAGE_FULL_MESSAGE, log: `存储空间不足（${code}）：${e.message ?? ''}` };
    if (typeof code === 'number' && GRPC_UNREACHABLE.has(code))
      return { status: 503, message: BUSY_MESSAGE, log: `无法连接 Temporal 服务（gRPC ${code}）：${e.message ?? ''}` };
    if (typeof code === 'string' && DATABASE_DOWN.has(code))
      return { status: 503, message: BUSY_MESSAGE, log: `duban 数据库或服务暂不可用（${code}）：${e.message ?? ''}` };
  }
  return undefined;
}
