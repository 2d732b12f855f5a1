// Finds the Temporal binaries that scripts/provision-temporal.sh provisioned, for the start command
// and the tests. Where one is missing, the SDK's own download is used instead (needs Internet).
import fs from 'node:fs';
import path from 'node:path';
import { TOOLS_BIN } from './paths';

type Executable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

function firstExecutable(...candidates: (string | undefined)[]): string | undefined {
  return candidates.find((p): p is string => {
    if (!p) return false;
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The Temporal CLI (dev server): DUBAN_TEMPORAL_CLI, else .tools/bin/temporal. */
export function temporalCliPath(): string | undefined {
  return firstExecutable(process.env.DUBAN_TEMPORAL_CLI, path.join(TOOLS_BIN, 'temporal'));
}

/** The Java time-skipping test server wrapper: DUBAN_TEMPORAL_TEST_SERVER, else .tools/bin/temporal-test-server. */
export function testServerPath(): string | undefined {
  return firstExecutable(process.env.DUBAN_TEMPORAL_TEST_SERVER, path.join(TOOLS_BIN, 'temporal-test-server'));
}

export function devServerExecutable(): Executable {
  const p = temporalCliPath();
  return p ? { type: 'existing-path', path: p } : { type: 'cached-download' };
}

export function testServerExecutable(): Executable {
  const p = testServerPath();
  return p ? { type: 'existing-path', path: p } : { type: 'cached-download' };
}
