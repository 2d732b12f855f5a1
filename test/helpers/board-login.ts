// Logging in to the board as a supervisor does: posting the login form from the board's own origin (for
// fetch-based tests), or filling it in a browser page.
import type { Page } from 'playwright-core';

export interface Credentials {
  username: string;
  password: string;
}

/** Posts the login form from the board's own origin; the answer is not followed (302 on success). */
export function postLogin(base: string, who: Credentials): Promise<Response> {
  return fetch(`${base}/board/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: who.username, password: who.password }),
    headers: { origin: base },
    redirect: 'manual',
  });
}

/** The session cookie (name=value) of a successful login; throws with the status when the login is refused. */
export async function boardCookie(base: string, who: Credentials): Promise<string> {
  const res = await postLogin(base, who);
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 302 || !cookie) throw new Error(`login as ${who.username} answered ${res.status}`);
  return cookie.split(';')[0];
}

/** Fills and sends the login form the page shows (the board sends it back where it came from). */
export async function fillLogin(page: Page, who: Credentials): Promise<void> {
  await page.fill('input[name=username]', who.username);
  await page.fill('input[name=password]', who.password);
  await page.click('button[type=submit]');
}

/** Opens `url`, which must ask for a login first (supervisors only), logs in, and expects to be back at `url`. */
export async function openLoggedIn(page: Page, url: string, who: Credentials): Promise<void> {
  await page.goto(url);
  if (!page.url().includes('/board/login')) throw new Error(`${url} did not ask for a login: ${page.url()}`);
  await fillLogin(page, who);
  if (page.url() !== url) throw new Error(`after the login the page is ${page.url()}, not ${url}`);
}
