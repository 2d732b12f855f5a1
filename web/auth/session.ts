// A supervisor's login: a cookie holding the username and expiry, HMAC-signed with DUBAN_SESSION_SECRET.
import crypto from 'node:crypto';

export const SESSION_COOKIE = 'duban_board';
export const SESSION_HOURS = 8;

const mac = (secret: string, v: string) => crypto.createHmac('sha256', secret).update(v).digest('base64url');

export function sessionValue(username: string, secret: string, nowMs: number): string {
  const body = `${Buffer.from(username).toString('base64url')}.${Math.floor(nowMs / 1000) + SESSION_HOURS * 3600}`;
  return `${body}.${mac(secret, body)}`;
}

/** The username of a valid, unexpired session cookie, else undefined. */
export function sessionUser(value: string | undefined, secret: string, nowMs: number): string | undefined {
  const [user, exp, sig] = String(value ?? '').split('.');
  if (!user || !exp || !sig) return undefined;
  const expected = Buffer.from(mac(secret, `${user}.${exp}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
  if (Number(exp) * 1000 < nowMs) return undefined;
  return Buffer.from(user, 'base64url').toString('utf8');
}
