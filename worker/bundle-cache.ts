// The workflow bundle as last built, kept with a digest of every file webpack read to build it and the list of
// paths it looked for and did not find. While all of them are as they were, the bundle is used as it is: webpack
// (even from its own cache) takes most of a second, the check a few milliseconds. Any change (a source edited, a
// package upgraded, a file added where the resolver looked) builds it again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { writeFileDurably } from '../store/local/durable-file';

/** What webpack read (files) and looked for in vain (missing) while building. */
export interface BundleInputs {
  files: string[];
  missing: string[];
}

interface Saved {
  /** The build's options (whatever else decides the bundle's content). */
  key: string;
  files: Record<string, string>;
  missing: string[];
  bundle: WorkflowBundleWithSourceMap;
}

const digest = (file: string): string | undefined => {
  try {
    return crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined; // gone, or a folder
  }
};

const modifiedSince = (file: string, ms: number): boolean => {
  try {
    return fs.statSync(file).mtimeMs >= ms;
  } catch {
    return false;
  }
};

function stillValid(saved: Saved, key: string): boolean {
  return (
    saved.key === key &&
    Object.entries(saved.files).every(([file, hash]) => digest(file) === hash) &&
    saved.missing.every((p) => !fs.existsSync(p))
  );
}

/**
 * The saved bundle while its inputs are unchanged; otherwise `build` runs (reporting its inputs through `track`)
 * and its bundle is saved for the next time. A cache that cannot be read or written only means a build.
 */
export async function cachedBundle(
  dir: string,
  key: string,
  build: (track: (inputs: BundleInputs) => void) => Promise<WorkflowBundleWithSourceMap>,
): Promise<WorkflowBundleWithSourceMap> {
  const file = path.join(dir, 'bundle.json');
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Saved;
    if (stillValid(saved, key)) return saved.bundle;
  } catch {
    // none yet, or unreadable: build
  }
  let inputs: BundleInputs | undefined;
  // File times come from a coarser clock than Date.now() (a tick behind at most): hence the margin.
  const started = Date.now() - 50;
  const bundle = await build((i) => (inputs = i));
  // A file saved while webpack ran may differ from what it read: such a bundle is not kept.
  if (inputs && !inputs.files.some((f) => modifiedSince(f, started))) {
    const files: Record<string, string> = {};
    for (const f of inputs.files) {
      const hash = digest(f);
      if (hash) files[f] = hash;
    }
    try {
      fs.mkdirSync(dir, { recursive: true });
      // Written aside and renamed: a worker starting meanwhile reads the old record or the new, never half of one.
      writeFileDurably(file, JSON.stringify({ key, files, missing: inputs.missing, bundle } satisfies Saved), 0o644);
    } catch {
      // a read-only install: the next start builds again
    }
  }
  return bundle;
}
