// The embedded default's secrets: DUBAN_LINK_SECRET and DUBAN_SESSION_SECRET from the environment, else
// generated once into the data folder (readable by this OS user only), never into the repo or the log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const NAMES = ['DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET'] as const;

/** Sets each missing secret in `env` from data/secrets.json, creating it when needed; returns which came from the file. */
export function ensureLocalSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const missing = NAMES.filter((n) => !env[n]);
  if (!missing.length) return [];
  const file = path.join(dataDir, 'secrets.json');
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const n of missing) {
    if (!stored[n]) {
      stored[n] = crypto.randomBytes(32).toString('base64url');
      changed = true;
    }
    env[n] = stored[n];
  }
  if (changed) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  return missing;
}
