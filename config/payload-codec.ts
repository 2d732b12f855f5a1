// Encrypts every payload duban hands to Temporal (workflow inputs, update arguments, query answers,
// activity arguments and results, summaries) with AES-256-GCM, so report texts, names, figures and
// contacts are not readable in the server's store. Runs in the worker and every client (outside the
// workflow sandbox) and behind the codec server the Web UI and the Temporal CLI call.
import crypto from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  /** Encrypts with `current`; decrypts with it or any of `older` (keys being rotated out), chosen by key id. */
  constructor(
    private readonly current: PayloadKey,
    older: PayloadKey[] = [],
  ) {
    for (const k of [current, ...older]) if (k.key.length !== 32) throw new Error(`key ${k.id} is not 32 bytes`);
    this.byId = new Map([...older, current].map((k) => [k.id, k.key]));
  }

  get keyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      // The whole payload (its encoding metadata included) is sealed, so nothing about its type stays in clear.
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', this.current.key, iv);
      cipher.setAAD(utf8.encode(this.current.id)); // a payload moved under another key id fails to open
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(this.current.id) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      // Anything not ours (histories written before encryption, plain JSON) passes through as it is.
      if (!p.metadata?.encoding || fromUtf8.decode(p.metadata.encoding) !== ENCRYPTED_ENCODING) return p;
      const id = p.metadata[KEY_ID_METADATA] ? fromUtf8.decode(p.metadata[KEY_ID_METADATA]) : '';
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload encrypted with key "${id}", which is not configured (DUBAN_PAYLOAD_KEY / DUBAN_PAYLOAD_OLD_KEYS)`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(utf8.encode(id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
