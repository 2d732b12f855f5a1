// The link in each notice that opens a unit's report page: HMAC-SHA256 signed, expiring, scoped to one unit.
// The secret comes from the environment (DUBAN_LINK_SECRET); the portal verifies with the same function.
import crypto from 'node:crypto';

export interface LinkClaims {
  /** Unit code, e.g. kaiping: the only unit this link opens. */
  unit: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const mac = (secret: string, payload: string) => crypto.createHmac('sha256', secret).update(payload).digest('base64url');

export function signLink(claims: LinkClaims, secret: string): string {
  if (!secret || secret.length < 16) throw new Error('DUBAN_LINK_SECRET must be at least 16 characters');
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${mac(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

/** Verifies a token; `nowSec` is the current time in epoch seconds. */
export function verifyLink(token: string, secret: string, nowSec: number): LinkCheck {
  const [payload, sig, extra] = String(token).split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { ok: false, reason: 'tampered' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.unit !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.exp < nowSec) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** The report-page URL for a notice's unit, valid for `days` after the notice's deadline. */
export function reportLink(base: string, unitCode: string, dueIso: string, secret: string, days = 30): string {
  const exp = Math.floor(new Date(dueIso).getTime() / 1000) + days * 86400;
  return `${base.replace(/\/$/, '')}/u/${unitCode}?t=${signLink({ unit: unitCode, exp }, secret)}`;
}
