// A unit's signed report links: checking the one a request carries (the portal), and revoking a unit's links with a
// new one signed (the board, and the command line). Revoking bumps the unit's link version in the store the worker
// and the portal read. On the command line the link's address is the portal's public one (given, or
// DUBAN_PORTAL_URL); without it, the address `npm start` gives the portal on this machine, which only this machine
// can open: the caller says so.
import fs from 'node:fs';
import path from 'node:path';
import { openStores } from '../store/from-env';
import type { LinkVersions } from '../store/link-versions';
import { LINK_DAYS_AFTER_DUE, reportLink, verifyLink, type LinkCheck } from '../store/links/signed-links';
import { dataDir, LOCAL_SECRETS_FILE } from '../config/paths';
import { AppError } from './errors';

export { LINK_DAYS_AFTER_DUE, type LinkCheck };

/** Checks a link's token at `nowMs` against every unit's current link version (a revoked link fails). */
export async function checkUnitLink(token: string, secret: string, nowMs: number, versions: LinkVersions): Promise<LinkCheck> {
  const current = await versions.all();
  return verifyLink(token, secret, Math.floor(nowMs / 1000), (unit) => current[unit] ?? 0);
}

/**
 * Revokes every link of `unit` signed so far, in `by`'s name; with the link secret, signs the unit a new link at
 * `base` (valid for LINK_DAYS_AFTER_DUE days from `nowMs`) to hand over until later notices carry their own.
 */
export async function revokeAndRelink(
  versions: LinkVersions,
  unit: string,
  by: string,
  nowMs: number,
  base: string,
  secret: string | undefined,
): Promise<{ version: number; link?: string }> {
  const version = await versions.revoke(unit, by, nowMs);
  return { version, link: secret ? reportLink(base, unit, new Date(nowMs).toISOString(), secret, { version }) : undefined };
}

export interface RevokedLinks {
  version: number;
  /** The new link, when the link secret is at hand. */
  link?: string;
  /** The address the link uses. */
  base: string;
  /** The address is this machine's own (no public address given): units elsewhere cannot open the link. */
  localOnly: boolean;
}

/** The portal's public address as given on the command line: an http(s) URL without query or fragment. */
export function portalUrlOption(v: string): string {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new AppError(`--portal-url 应为报送平台的网址，如 https://duban.example.gov.cn，收到 "${v}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password)
    throw new AppError(`--portal-url 应为 http:// 或 https:// 开头、不带参数的网址，收到 "${v}"`);
  return url.href.replace(/\/$/, '');
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/i;

export async function revokeUnitLinks(
  unitCode: string,
  by: string,
  portalUrl: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RevokedLinks> {
  const publicUrl = portalUrl ?? (env.DUBAN_PORTAL_URL ? env.DUBAN_PORTAL_URL.replace(/\/$/, '') : undefined);
  const base = publicUrl ?? `http://localhost:${Number(env.DUBAN_WEB_PORT) || 8080}`;
  const stores = await openStores(env);
  const revoked = await revokeAndRelink(stores.linkVersions, unitCode, by, Date.now(), base, linkSecret(env)).finally(() => stores.close());
  return { ...revoked, base, localOnly: LOOPBACK.test(new URL(base).hostname) };
}

/** DUBAN_LINK_SECRET, or the one npm start keeps in the data folder. */
function linkSecret(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DUBAN_LINK_SECRET) return env.DUBAN_LINK_SECRET;
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir(env), LOCAL_SECRETS_FILE), 'utf8')).DUBAN_LINK_SECRET;
  } catch {
    return undefined;
  }
}
