// A 督办's mail has gone: the line on the obligation's timeline is owed in the store and told when the obligation
// wakes to record its step (not while a burst's mails go out); with the Temporal server away it is told again after
// doubling pauses until the server answers, said in the worker's log once when it starts failing and once when told.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { SqliteDocumentNumbers } from '../../store/local/document-numbers';
import { rectifyObligation, rectifySupervision } from '../helpers/rectify-ladder';

const spec = rectifyObligation('开平市');
const notice = rectifySupervision('开平市');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-record-retry-'));
const numbers = new SqliteDocumentNumbers(path.join(dir, 'document-numbers.db'));
afterAll(() => {
  numbers.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A client whose signals are noted, the first `away` of them refused as by a server away. */
function signalling(away = 0): { client: Client; signals: { id: string; at: number }[] } {
  const signals: { id: string; at: number }[] = [];
  const client = {
    workflow: {
      getHandle: (id: string) => ({
        signal: async () => {
          signals.push({ id, at: Date.now() });
          if (away-- > 0) throw new Error('14 UNAVAILABLE: Connection refused');
        },
      }),
    },
  } as unknown as Client;
  return { client, signals };
}

test('a notice sent at its instant has its document told when its obligation wakes to record the step', async () => {
  const { client, signals } = signalling();
  const issuer = new DocumentIssuer({
    numbers: () => numbers,
    fallbackIssuer: '江门市司法局',
    temporal: () => client,
    tellAfterMs: 1_500,
  });
  const instant = Date.now();
  const issued = (await issuer.forNotice({ ...notice, key: `${notice.key}.now`, at: new Date(instant).toISOString() }))!;
  expect(issued.content.length).toBeGreaterThan(0); // the mail has its document at once
  expect(signals).toHaveLength(0);
  for (let i = 0; i < 50 && signals.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(signals.map((s) => s.id)).toEqual([spec.id]);
  expect(signals[0]!.at - instant).toBeGreaterThanOrEqual(1_450);
  await issuer.stop();
});

test('the timeline is told again until the server answers; the mail did not wait for it', async () => {
  // The client's signal, as the server away answers it twice (after the client's own retries) and then is back.
  const { client, signals } = signalling(2);
  const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局', temporal: () => client });
  const issued = (await issuer.forNotice(notice))!;
  expect(signals).toHaveLength(0); // the document is handed to the mail at once, the telling owed
  for (let i = 0; i < 100 && signals.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
  expect(signals.map((s) => s.id)).toEqual([spec.id, spec.id, spec.id]);
  expect(signals[1]!.at - signals[0]!.at).toBeGreaterThanOrEqual(900); // a second, then two
  expect(signals[2]!.at - signals[1]!.at).toBeGreaterThanOrEqual(1900);
  await new Promise((r) => setTimeout(r, 50));
  expect(warnings.mock.calls.map((c) => String(c[0]))).toEqual([
    `[documents] ${issued.number} 暂未能记入有关督办事项的时间线，稍后重试：14 UNAVAILABLE: Connection refused`,
    `[documents] ${issued.number} 已记入有关督办事项的时间线（重试 2 次后）`,
  ]);
  warnings.mockRestore();
  expect(await numbers.owed(Date.now() + 3600_000, 10)).toEqual([]); // told: owed no more
  await issuer.stop();
});

test('lines owed for different times are each told at their own time, by the worker that owed them', async () => {
  const { client, signals } = signalling();
  const issuer = new DocumentIssuer({ numbers: () => numbers, fallbackIssuer: '江门市司法局', temporal: () => client, tellAfterMs: 2_000 });
  const start = Date.now();
  // 台山市's 督办 went 1.5 s ago (told in half a second), 鹤山市's now (told in two).
  await issuer.forNotice({ ...rectifySupervision('鹤山市'), at: new Date(start).toISOString() });
  await issuer.forNotice({ ...rectifySupervision('台山市'), at: new Date(start - 1_500).toISOString() });
  for (let i = 0; i < 50 && signals.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  expect(signals.map((s) => [s.id, s.at - start >= 400, s.at - start >= 1_950])).toEqual([
    [rectifyObligation('台山市').id, true, false],
    [rectifyObligation('鹤山市').id, true, true],
  ]);
  await issuer.stop();
});
