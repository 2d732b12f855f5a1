// HMAC-SHA256 signatures of the tokens duban hands out (units' report links, the board's device cookie):
// base64url, checked in constant time.
import crypto from 'node:crypto';

/** The signature of `message` with `secret`, base64url. */
export const hmacOf = (secret: string, message: string): string => crypto.createHmac('sha256', secret).update(message).digest('base64url');

/** Whether `signature` is the signature of `message` with `secret` (constant time). */
export function hmacMatches(secret: string, message: string, signature: string): boolean {
  const expected = Buffer.from(hmacOf(secret, message));
  const given = Buffer.from(String(signature));
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
