// Instants and durations in the bureau's time zone. Pure: no clock of its own, safe in workflows.
import { DateTime, Duration } from 'luxon';
import { DomainError } from '../errors';

/** All calendar math of duban happens in this zone (DESIGN.md §1). */
export const ZONE = 'Asia/Shanghai';

/**
 * Parses an ISO 8601 instant. A value without offset is read as Asia/Shanghai local time,
 * so "2024-05-31T23:59:59" means the end of May in the bureau's office.
 */
export function parseInstant(value: string, field: string): DateTime {
  const dt = DateTime.fromISO(value, { zone: ZONE, setZone: false });
  if (!dt.isValid) {
    throw new DomainError(`${field}: 不是有效的时间 "${value}"`, `${field}: not a valid ISO 8601 instant "${value}"`);
  }
  return dt.setZone(ZONE);
}

/** Parses an ISO 8601 duration such as "P7D" or "PT2H". */
export function parseDuration(value: string, field: string): Duration {
  const d = Duration.fromISO(value);
  if (!d.isValid || d.toMillis() < 0) {
    throw new DomainError(`${field}: 不是有效的时长 "${value}"`, `${field}: not a valid ISO 8601 duration "${value}"`);
  }
  return d;
}

/** Formats an epoch-millisecond instant as ISO 8601 in +08:00, to the second (records need no more). */
export function isoAt(epochMs: number): string {
  return DateTime.fromMillis(Math.floor(epochMs / 1000) * 1000, { zone: ZONE }).toISO({ suppressMilliseconds: true }) as string;
}

/**
 * Reads a deadline typed by a person: a bare date "2024-10-20" means the end of that day
 * (23:59:59 Beijing time), as in "2024年10月20日前"; a full instant is taken as given.
 */
export function parseDeadline(value: string, field: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const day = parseInstant(value.trim(), field);
    return day.endOf('day').set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) as string;
  }
  return parseInstant(value, field).toISO({ suppressMilliseconds: true }) as string;
}
