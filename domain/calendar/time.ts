// Instants in the bureau's time zone. Pure: no clock of its own, safe in workflows.
import { DateTime, FixedOffsetZone, Zone } from 'luxon';
import { DomainError } from '../errors';

/**
 * All calendar math of duban happens in this zone: "end of May" is 2024-05-31 23:59:59 Beijing time. China has
 * kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and spares the workflows the time-zone
 * database lookups that took a fifth of their CPU in the 09:00 burst.
 */
export const ZONE: Zone = FixedOffsetZone.instance(8 * 60);
/** The same zone by its IANA name, for Intl formatting (toLocaleString). */
export const TIME_ZONE = 'Asia/Shanghai';
/** The same offset in milliseconds, for the calendar arithmetic done without luxon objects. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;

/**
 * Parses an ISO 8601 instant. A value without offset is read as Asia/Shanghai local time,
 * so "2024-05-31T23:59:59" means the end of May in the bureau's office.
 */
export function parseInstant(value: string, field: string): DateTime {
  // Fast path for the form duban writes itself (isoAt), taken only when it reads back exactly.
  if (OWN_FORM.test(value)) {
    const ms = Date.parse(value);
    if (isoAt(ms) === value) return DateTime.fromMillis(ms, { zone: ZONE });
  }
  const dt = DateTime.fromISO(value, { zone: ZONE, setZone: false });
  if (!dt.isValid) {
    throw new DomainError(`${field}: 不是有效的时间 "${value}"`, `${field}: not a valid ISO 8601 instant "${value}"`);
  }
  return dt.setZone(ZONE);
}

const OWN_FORM = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

/** Formats an epoch-millisecond instant as ISO 8601 in +08:00, to the second (records need no more). */
export function isoAt(epochMs: number): string {
  // Plain arithmetic on the fixed offset: this runs on every change of every obligation.
  return `${new Date(Math.floor(epochMs / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
