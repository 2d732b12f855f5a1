// A browser an account has logged in from: a signed, long-lived cookie (no secret in it, only which
// account and a random id), so the login throttle can tell the owner's browser from a stranger's. Every web process
// checks it with the same DUBAN_SESSION_SECRET, and its own count of attempts lives with the throttle's others in
// the shared store (web/auth/login-throttle.ts): a known browser is known on every process, after any restart.
import crypto from 'node:crypto';
import { hmacMatches, hmacOf } from '../../client/board-auth';

export const DEVICE_COOKIE = 'duban_device';
export const DEVICE_DAYS = 180;

/** Device cookies sign their own context, so no other token signed with the secret passes for one. */
const DEVICE = (body: string) => `device:${body}`;

export function deviceValue(username: string, secret: string, nowMs: number): string {
  const body = `${Buffer.from(username).toString('base64url')}.${crypto.randomBytes(12).toString('base64url')}.${Math.floor(nowMs / 1000) + DEVICE_DAYS * 86400}`;
  return `${body}.${hmacOf(secret, DEVICE(body))}`;
}

/** The device id when the cookie is valid, unexpired and for `username`. */
export function deviceOf(value: string | undefined, username: string, secret: string, nowMs: number): string | undefined {
  const parts = String(value ?? '').split('.');
  if (parts.length !== 4) return undefined;
  const [user, id, exp, sig] = parts;
  if (!hmacMatches(secret, DEVICE(`${user}.${id}.${exp}`), sig)) return undefined;
  if (Number(exp) * 1000 < nowMs || Buffer.from(user, 'base64url').toString('utf8') !== username) return undefined;
  return id;
}
