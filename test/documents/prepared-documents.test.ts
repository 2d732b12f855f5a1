// A 督办's 督办通知书 written in the minutes before its instant: the mail at the instant takes it as written (same
// number, not written again); a notice that says otherwise gets its own. The sender looks ahead over the outbox, and
// a notice queued inside the range it has looked at is prepared as it is queued.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as docxWriter from '../../activities/documents/docx-writer';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { PrepareAhead } from '../../activities/channels/prepare-ahead';
import { DigestingSink } from '../../activities/channels/digest-sink';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { SqliteOutbox } from '../../store/local/outbox';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { docxText } from '../helpers/office';
import { rectifyLadder, rectifySupervision } from '../helpers/rectify-ladder';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-prepared-'));
const numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局' });
afterAll(() => {
  numbers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('written ahead, taken by the mail at the instant as it was written; a retry writes it again under its number', async () => {
  const writes = jest.spyOn(docxWriter, 'writeDocx');
  const n = rectifySupervision('开平市');
  await issuer.prepare(n);
  expect(writes).toHaveBeenCalledTimes(1);
  const sent = (await issuer.forNotice(n))!;
  expect(writes).toHaveBeenCalledTimes(1);
  expect(await docxText(sent.content)).toContain(sent.number);
  expect(await docxText(sent.content)).toContain('开平市');
  const again = (await issuer.forNotice(n))!;
  expect(writes).toHaveBeenCalledTimes(2);
  expect(again.number).toBe(sent.number);
  // Other notices carry no document and are not prepared.
  for (const other of rectifyLadder('开平市').filter((x) => x.step !== '督办')) await issuer.prepare(other);
  expect(writes).toHaveBeenCalledTimes(2);
  writes.mockRestore();
});

test('a notice that says otherwise than the one prepared gets a document of its own', async () => {
  const writes = jest.spyOn(docxWriter, 'writeDocx');
  const n = rectifySupervision('台山市');
  await issuer.prepare(n);
  const moved = { ...n, due: '2024-10-31T23:59:59+08:00' };
  const sent = (await issuer.forNotice(moved))!;
  expect(writes).toHaveBeenCalledTimes(2);
  expect(await docxText(sent.content)).toContain('2024年10月31日');
  writes.mockRestore();
});

test('the sender looks ahead over the outbox; a notice queued inside the range looked at is prepared at once', async () => {
  const log = new SqliteDeliveryLog(':memory:');
  const outbox = new SqliteOutbox(log.db);
  const prepared: string[] = [];
  const ahead = new PrepareAhead({ outbox, prepare: async (n) => void prepared.push(n.key), aheadMs: 60_000 });
  const sink = new DigestingSink({ outbox, channels: [], waitMs: 0, ahead });
  const [soon, later, late] = rectifyLadder('恩平市');
  const now = Date.now();
  await sink.schedule(soon!, 'o-1', now + 30_000);
  await sink.schedule(later!, 'o-1', now + 600_000);
  expect(prepared).toEqual([]); // nothing looked at yet
  ahead.look();
  for (let i = 0; i < 100 && prepared.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(prepared).toEqual([soon!.key]);
  await sink.schedule(late!, 'o-1', now + 20_000);
  expect(prepared).toEqual([soon!.key, late!.key]);
  await ahead.stop();
  expect(prepared).not.toContain(later!.key); // beyond the horizon: a later look
  log.close();
});

test('a 09:00 burst of more notices than one read of the outbox holds: every one prepared, with its instant', async () => {
  const log = new SqliteDeliveryLog(':memory:');
  const outbox = new SqliteOutbox(log.db);
  const prepared = new Map<string, number>();
  const ahead = new PrepareAhead({ outbox, prepare: async (n, at) => void prepared.set(n.key, at), aheadMs: 60_000 });
  const sink = new DigestingSink({ outbox, channels: [], waitMs: 0, ahead });
  const n = rectifySupervision('恩平市');
  const at = Date.now() + 30_000;
  for (let i = 0; i < 2_500; i++) await sink.schedule({ ...n, key: `${n.key}.${String(i).padStart(4, '0')}` }, `o-${i}`, at);
  ahead.look();
  for (let i = 0; i < 250 && prepared.size < 2_500; i++) await new Promise((r) => setTimeout(r, 20));
  await ahead.stop();
  expect(prepared.size).toBe(2_500);
  expect(new Set(prepared.values())).toEqual(new Set([at]));
  log.close();
});
