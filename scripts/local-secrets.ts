// The embedded default's secrets: DUBAN_LINK_SECRET, DUBAN_SESSION_SECRET, DUBAN_CODEC_TOKEN and the payload key
// (DUBAN_PAYLOAD_KEY with its DUBAN_PAYLOAD_KEY_ID) from the environment, else generated once into the data
// folder (readable by this OS user only), never into the repo or the log.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_SECRETS_FILE, mkdirPrivate, PRIVATE_FILE_MODE } from '../config/paths';
import { encryptionOff, generatePayloadKey } from '../config/payload-keys';

const NAMES = ['DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET', 'DUBAN_CODEC_TOKEN'] as const;

/** Sets each missing secret in `env` from data/secrets.json, creating it when needed; returns which came from the file. */
export function ensureLocalSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = NAMES.filter((n) => !env[n]);
  const needKey = !env.DUBAN_PAYLOAD_KEY && !encryptionOff(env);
  if (!missing.length && !needKey) return [];
  const file = path.join(dataDir, LOCAL_SECRETS_FILE);
  const stored: Record<string, string> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const n of missing) {
    if (!stored[n]) {
      stored[n] = crypto.randomBytes(32).toString('base64url');
      changed = true;
    }
    env[n] = stored[n];
  }
  if (needKey) {
    // The key and its id go together: a later rotation names this id in DUBAN_PAYLOAD_OLD_KEYS.
    if (!stored.DUBAN_PAYLOAD_KEY) {
      Object.assign(stored, generatePayloadKey());
      changed = true;
    }
    env.DUBAN_PAYLOAD_KEY = stored.DUBAN_PAYLOAD_KEY;
    env.DUBAN_PAYLOAD_KEY_ID = stored.DUBAN_PAYLOAD_KEY_ID;
    missing.push('DUBAN_PAYLOAD_KEY');
  }
  if (changed) {
    mkdirPrivate(dataDir);
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: PRIVATE_FILE_MODE });
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  }
  return missing;
}
