// The headless Chromium the browser tests drive: the system's (or DUBAN_CHROMIUM's), able to run as root in a
// container and without a large /dev/shm.
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.DUBAN_CHROMIUM || '/usr/bin/chromium';

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', ...extraArgs] });
}

/**
 * Collects into `problems` what the page's scripts throw and the errors its console reports (a resource the
 * Content-Security-Policy blocked, say), less those `ignore` matches; returns the page.
 */
export function watchProblems(page: Page, problems: string[], ignore?: RegExp): Page {
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !ignore?.test(m.text()) && problems.push(m.text()));
  return page;
}
