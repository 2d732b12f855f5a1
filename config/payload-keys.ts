// The payload encryption keys, from the environment (else the data folder's local secrets that npm start
// writes). The rule: the worker, the portal/board and the CLI refuse to start without a key unless
// DUBAN_PAYLOAD_ENCRYPTION=off (tests and throw-away harnesses); only then do payloads travel in clear.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, PayloadKey } from './payload-codec';
import { dataDir, LOCAL_SECRETS_FILE } from './paths';

const ID = /^[A-Za-z0-9._-]{1,64}$/;
const HOW_TO_MAKE = '32 字节随机密钥的 base64，可用 openssl rand -base64 32 生成';

/** Whether encryption was switched off on purpose (DUBAN_PAYLOAD_ENCRYPTION=off). */
export function encryptionOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.DUBAN_PAYLOAD_ENCRYPTION ?? '').trim().toLowerCase() === 'off';
}

/**
 * The codec from DUBAN_PAYLOAD_KEY (+ DUBAN_PAYLOAD_KEY_ID, DUBAN_PAYLOAD_OLD_KEYS="id:base64,…"), or from
 * <data>/secrets.json when the environment has no key; undefined only when encryption is off. Throws a
 * Chinese error naming the variable when the key is missing or malformed.
 */
export function payloadCodecFromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionCodec | undefined {
  if (encryptionOff(env)) return undefined;
  const source = env.DUBAN_PAYLOAD_KEY ? env : { ...localSecrets(env), DUBAN_PAYLOAD_OLD_KEYS: env.DUBAN_PAYLOAD_OLD_KEYS };
  if (!source.DUBAN_PAYLOAD_KEY) {
    throw new Error(
      `未设置 DUBAN_PAYLOAD_KEY（工作流数据加密密钥，${HOW_TO_MAKE}）。worker、报送平台与命令行须使用同一密钥；` +
        `npm start 会自动生成并保存在数据目录的 ${LOCAL_SECRETS_FILE} 中。仅测试环境可设置 DUBAN_PAYLOAD_ENCRYPTION=off 关闭加密`,
    );
  }
  const current = parseKey('DUBAN_PAYLOAD_KEY', source.DUBAN_PAYLOAD_KEY, source.DUBAN_PAYLOAD_KEY_ID);
  const older = (source.DUBAN_PAYLOAD_OLD_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':'); // base64 has no ':', so "id:key" and a bare "key" are told apart
      return at < 0
        ? parseKey('DUBAN_PAYLOAD_OLD_KEYS', entry)
        : parseKey('DUBAN_PAYLOAD_OLD_KEYS', entry.slice(at + 1), entry.slice(0, at));
    });
  return new EncryptionCodec(current, older);
}

/** The data converter of a worker or client: the codec when there is one, else Temporal's default. */
export function dataConverterOf(codec: EncryptionCodec | undefined): DataConverter | undefined {
  return codec ? { payloadCodecs: [codec] } : undefined;
}

/** A fresh key and its id, as npm start generates them. */
export function generatePayloadKey(): { DUBAN_PAYLOAD_KEY: string; DUBAN_PAYLOAD_KEY_ID: string } {
  const key = crypto.randomBytes(32);
  return { DUBAN_PAYLOAD_KEY: key.toString('base64'), DUBAN_PAYLOAD_KEY_ID: defaultKeyId(key) };
}

function parseKey(variable: string, base64: string, id?: string): PayloadKey {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(base64.trim())) throw new Error(`${variable} 格式不正确：应为${HOW_TO_MAKE}`);
  const keyId = id?.trim() || defaultKeyId(key);
  if (!ID.test(keyId))
    throw new Error(
      `${variable === 'DUBAN_PAYLOAD_KEY' ? 'DUBAN_PAYLOAD_KEY_ID' : variable} 的密钥编号 "${keyId}" 不正确：只能包含字母、数字、点、横线和下划线，至多 64 个字符`,
    );
  return { id: keyId, key };
}

/** A key without a given id is named by its fingerprint (a hash prefix: says nothing about the key). */
function defaultKeyId(key: Buffer): string {
  return `k-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

function localSecrets(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const file = path.join(dataDir(env), LOCAL_SECRETS_FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
