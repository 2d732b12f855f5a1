// The payload codec and its keys as an operator meets them: what is sealed, how a key rotates, what a
// missing or wrong key says.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../config/payload-codec';
import { payloadCodecFromEnv } from '../../config/payload-keys';

const b64 = () => crypto.randomBytes(32).toString('base64');
const report = { by: '甲局 王某某', text: '机密：整改台账第 3 项未完成', contact: 'wang@example.org' };
const utf8 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

test('a report is sealed: nothing of it, not even its JSON encoding, is left in the payload; it opens again', async () => {
  const codec = payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: b64(), DUBAN_PAYLOAD_KEY_ID: 'k2026' })!;
  const plain = defaultPayloadConverter.toPayload(report);
  const [sealed] = await codec.encode([plain]);
  expect(utf8(sealed.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(utf8(sealed.metadata![KEY_ID_METADATA])).toBe('k2026');
  const bytes = Buffer.concat([sealed.data!, ...Object.values(sealed.metadata!)]);
  for (const s of [report.text, report.by, report.contact, 'json/plain']) expect(bytes.includes(Buffer.from(s))).toBe(false);
  const [opened] = await codec.decode([sealed]);
  expect(defaultPayloadConverter.fromPayload(opened)).toEqual(report);
  // The same value sealed twice differs (a fresh IV every time).
  const [again] = await codec.encode([plain]);
  expect(Buffer.from(again.data!).equals(Buffer.from(sealed.data!))).toBe(false);
});

test('payloads written before encryption (plain JSON, as in the recorded histories) pass through untouched', async () => {
  const codec = new EncryptionCodec({ id: 'a', key: crypto.randomBytes(32) });
  const plain = defaultPayloadConverter.toPayload({ stage: 'open' });
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('rotation: the new key encrypts, the old one (DUBAN_PAYLOAD_OLD_KEYS) still opens what it sealed; without it, a clear error', async () => {
  const oldKey = b64();
  const before = payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: oldKey, DUBAN_PAYLOAD_KEY_ID: 'k2025' })!;
  const [sealedBefore] = await before.encode([defaultPayloadConverter.toPayload('2025 年的报告')]);

  const after = payloadCodecFromEnv({
    DUBAN_PAYLOAD_KEY: b64(),
    DUBAN_PAYLOAD_KEY_ID: 'k2026',
    DUBAN_PAYLOAD_OLD_KEYS: `k2025:${oldKey}`,
  })!;
  expect(after.keyId).toBe('k2026');
  expect(defaultPayloadConverter.fromPayload((await after.decode([sealedBefore]))[0])).toBe('2025 年的报告');
  const [sealedAfter] = await after.encode([defaultPayloadConverter.toPayload('2026 年的报告')]);
  expect(utf8(sealedAfter.metadata![KEY_ID_METADATA])).toBe('k2026');

  const forgotten = payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: b64(), DUBAN_PAYLOAD_KEY_ID: 'k2026' })!;
  await expect(forgotten.decode([sealedBefore])).rejects.toThrow(/key "k2025".*DUBAN_PAYLOAD_OLD_KEYS/);
});

test('a payload altered at rest, or relabelled with another key id, does not open', async () => {
  const key = b64();
  const codec = payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: key, DUBAN_PAYLOAD_KEY_ID: 'one', DUBAN_PAYLOAD_OLD_KEYS: `two:${key}` })!;
  const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(report)]);
  const flipped = Buffer.from(sealed.data!);
  flipped[20] ^= 1;
  await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow();
  await expect(codec.decode([{ ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('two') } }])).rejects.toThrow();
});

test('the worker, portal and CLI refuse to run without a key, naming the variable; off only on purpose', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-keys-'));
  expect(() => payloadCodecFromEnv({ DUBAN_DATA_DIR: empty })).toThrow(
    /^未设置 DUBAN_PAYLOAD_KEY（.*openssl rand -base64 32.*DUBAN_PAYLOAD_ENCRYPTION=off/,
  );
  expect(payloadCodecFromEnv({ DUBAN_DATA_DIR: empty, DUBAN_PAYLOAD_ENCRYPTION: 'off' })).toBeUndefined();
  expect(() => payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: 'c2hvcnQ=' })).toThrow('DUBAN_PAYLOAD_KEY 格式不正确');
  expect(() => payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: b64(), DUBAN_PAYLOAD_KEY_ID: '密钥 1' })).toThrow(
    'DUBAN_PAYLOAD_KEY_ID 的密钥编号 "密钥 1" 不正确',
  );
  expect(() => payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: b64(), DUBAN_PAYLOAD_OLD_KEYS: 'old:nonsense' })).toThrow(
    'DUBAN_PAYLOAD_OLD_KEYS 格式不正确',
  );
  // Without an id, a key is named by its fingerprint, the same everywhere it is used.
  const key = b64();
  expect(payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: key })!.keyId).toMatch(/^k-[0-9a-f]{12}$/);
  expect(payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: key })!.keyId).toBe(payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: key })!.keyId);
});

test('the CLI next to npm start finds the key npm start generated in the data folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-keys-'));
  const key = b64();
  fs.writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ DUBAN_PAYLOAD_KEY: key, DUBAN_PAYLOAD_KEY_ID: 'local-1' }));
  const fromFile = payloadCodecFromEnv({ DUBAN_DATA_DIR: dir })!;
  expect(fromFile.keyId).toBe('local-1');
  const [sealed] = await payloadCodecFromEnv({ DUBAN_PAYLOAD_KEY: key, DUBAN_PAYLOAD_KEY_ID: 'local-1' })!.encode([
    defaultPayloadConverter.toPayload('x'),
  ]);
  expect(defaultPayloadConverter.fromPayload((await fromFile.decode([sealed]))[0])).toBe('x');
});
