// WeCom's errcodes, as its server API documents them, sorted into refusals no retry mends and trouble that
// passes. Codes not listed are retried: a misconfiguration (an IP not on the application's allow-list, 60020)
// heals when it is fixed, and nothing is lost meanwhile.
import type { FailureKind } from '../channels/channel';

/** The access token is invalid or expired: fetch a new one and send again, once. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** API call frequency exceeded: back off before calling again. */
export const RATE_LIMIT_ERRCODE = 45009;

const PERMANENT = new Map<number, string>([
  [40003, '无效的成员 UserID'],
  [60111, '成员 UserID 不存在'],
  [81013, '成员、部门、标签全部无效'],
  [301002, '应用无权向该成员发送消息'],
  [40056, '无效的应用 AgentId'],
  [44004, '消息内容为空'],
]);

const RETRYABLE = new Map<number, string>([
  [-1, '系统繁忙'],
  [45009, '接口调用超过频率限制'],
  [45033, '接口并发调用超过限制'],
]);

export function classifyErrcode(errcode: number): FailureKind {
  return PERMANENT.has(errcode) ? 'permanent' : 'retryable';
}

/** "60111 成员 UserID 不存在 (userid not found)": what the log and the obligation's timeline say. */
export function describeErrcode(errcode: number, errmsg: string): string {
  const zh = PERMANENT.get(errcode) ?? RETRYABLE.get(errcode) ?? '企业微信接口返回错误';
  return `${errcode} ${zh}${errmsg ? `（${errmsg.slice(0, 120)}）` : ''}`;
}
