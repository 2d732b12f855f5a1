// The link in each notice that opens a unit's report page: HMAC-SHA256 signed, expiring, scoped to one unit
// and to the unit's current link version (revoking a unit's links bumps it, see link-versions.ts).
// The secret comes from the environment (DUBAN_LINK_SECRET); the portal verifies with the same function.
import { hmacMatches, hmacOf } from './hmac';

export interface LinkClaims {
  /** Unit code, e.g. kaiping: the only unit this link opens. */
  unit: string;
  /** Expiry, epoch seconds. */
  exp: number;
  /** The unit's link version when signed (absent in links signed before versions existed: 0). */
  v?: number;
}

/** How long a notice's link stays valid after the notice's deadline. */
export const LINK_DAYS_AFTER_DUE = 30;

/**
 * The longest a link lives from the moment it is signed: a plan year and the 30 days after its last deadline. A
 * link for a deadline further ahead expires sooner (the notices before that deadline carry fresh links); a token
 * that claims longer was not issued by duban (a leaked key, an old forgery) and is refused.
 */
export const MAX_LINK_LIFETIME_DAYS = 400;
const MAX_LIFETIME_SEC = MAX_LINK_LIFETIME_DAYS * 86400;

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signLink(claims: LinkClaims, secret: string): string {
  if (!secret || secret.length < 16) throw new Error('DUBAN_LINK_SECRET must be at least 16 characters');
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${hmacOf(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' | 'revoked' };

/**
 * Verifies a token; `nowSec` is the current time in epoch seconds, `versionOf` the unit's current link
 * version (a link of an older version was revoked).
 */
export function verifyLink(token: string, secret: string, nowSec: number, versionOf: (unit: string) => number = () => 0): LinkCheck {
  const [payload, sig, extra] = String(token).split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  if (!hmacMatches(secret, payload, sig)) return { ok: false, reason: 'tampered' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims?.unit !== 'string' || !Number.isSafeInteger(claims.exp) || (claims.v !== undefined && !Number.isSafeInteger(claims.v)))
    return { ok: false, reason: 'malformed' };
  // Signed with the key, yet longer-lived than any link duban issues.
  if (claims.exp > nowSec + MAX_LIFETIME_SEC) return { ok: false, reason: 'tampered' };
  if ((claims.v ?? 0) !== versionOf(claims.unit)) return { ok: false, reason: 'revoked' };
  if (claims.exp < nowSec) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/**
 * The report-page URL for a notice's unit, valid for `days` after the notice's deadline, and never longer than
 * MAX_LINK_LIFETIME_DAYS from `nowMs` (the signing moment).
 */
export function reportLink(
  base: string,
  unitCode: string,
  dueIso: string,
  secret: string,
  opts: { days?: number; version?: number; nowMs?: number } = {},
): string {
  const wanted = Math.floor(new Date(dueIso).getTime() / 1000) + (opts.days ?? LINK_DAYS_AFTER_DUE) * 86400;
  const exp = Math.min(wanted, Math.floor((opts.nowMs ?? Date.now()) / 1000) + MAX_LIFETIME_SEC);
  return `${base.replace(/\/$/, '')}/u/${unitCode}?t=${signLink({ unit: unitCode, exp, v: opts.version ?? 0 }, secret)}`;
}
