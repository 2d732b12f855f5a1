// The headless Chromium the browser tests drive: the system's (or DUBAN_CHROMIUM's), able to run as root in a
// container and without a large /dev/shm.
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.DUBAN_CHROMIUM || '/usr/bin/chromium';

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', ...extraArgs] });
}
