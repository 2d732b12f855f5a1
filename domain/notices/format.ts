// How dates and time left read in a Chinese official notice. Pure.
import { DateTime } from 'luxon';
import { ZONE } from '../calendar/time';
import { type Arrangements, workingDaysBetween } from '../calendar/working-days';

const WEEKDAY = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** 2024年10月20日（星期日） */
export function chineseDate(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return `${d.year}年${d.month}月${d.day}日（${WEEKDAY[d.weekday]}）`;
}

/** 2024年10月20日 */
export function chineseDay(iso: string): string {
  const d = DateTime.fromISO(iso, { zone: ZONE });
  return `${d.year}年${d.month}月${d.day}日`;
}

/** 2024年10月20日（星期日）23:59 */
export function chineseDateTime(iso: string): string {
  return `${chineseDate(iso)}${DateTime.fromISO(iso, { zone: ZONE }).toFormat('HH:mm')}`;
}

/**
 * "距截止还剩 3 个工作日" before the deadline (today counts while it lasts: the 1st-working-day reminder says 1), by
 * the office's own arrangements when it has any; "已逾期 2 天" after it (calendar days, as notices count them).
 */
export function timeLeft(atIso: string, dueIso: string, own: Arrangements = undefined): string {
  const at = DateTime.fromISO(atIso, { zone: ZONE });
  const due = DateTime.fromISO(dueIso, { zone: ZONE });
  if (at <= due) {
    const n = workingDaysBetween(at.startOf('day').minus({ days: 1 }), due, own);
    return n === 0 ? '今日截止' : `距截止还剩 ${n} 个工作日`;
  }
  const days = Math.max(1, Math.floor(at.startOf('day').diff(due.startOf('day'), 'days').days));
  return `已逾期 ${days} 天`;
}
