// 发文字号 in the embedded store and in PostgreSQL: four processes issuing at once take consecutive numbers,
// without a gap or a duplicate; a document asked for again keeps its number; each issuer and year counts alone; the
// timeline line a mailed document is owed is told by another worker when the one that mailed it is lost.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Stores } from '../../store/from-env';
import type { Client } from '@temporalio/client';
import { storeKinds } from '../helpers/postgres';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { SENDER_FIRST_MS } from '../../domain/obligation/notice';
import { rectifyObligation, rectifySupervision } from '../helpers/rectify-ladder';

const run = promisify(execFile);
const ALLOCATOR = path.join(__dirname, 'allocate-numbers.ts');

describe.each(storeKinds())('$name', (kind) => {
  let a: Stores;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    await kind.setUp();
    a = await kind.host();
    // The children open the same store: the data folder, and the database when there is one.
    env = { ...process.env, DUBAN_DATA_DIR: kind.dataDir, ...kind.envOf() };
  }, 120_000);
  afterAll(() => kind.tearDown());

  test('four processes issuing 30 documents each at once get 1 to 120, each once; asked again, the same numbers', async () => {
    const series = '江司督/2026';
    const keysOf = (p: number) => Array.from({ length: 30 }, (_, i) => `supervision:p${p}.o${i}`);
    const issue = (p: number) =>
      run(process.execPath, ['--import', 'tsx', ALLOCATOR, series, ...keysOf(p)], { env, cwd: path.join(__dirname, '../..') }).then(
        (r) => JSON.parse(r.stdout) as [string, number][],
      );
    const got = (await Promise.all([0, 1, 2, 3].map(issue))).flat();
    const numbers = got.map(([, n]) => n).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // Again, from two processes at once: nothing new is allocated.
    const again = (await Promise.all([issue(1), issue(1)])).flat();
    const first = new Map(got);
    for (const [k, n] of again) expect(n).toBe(first.get(k));
    const listed = await a.documentNumbers().list(series);
    expect(listed.map((l) => l.n)).toEqual(numbers);
  }, 120_000);

  test('each issuer and year is its own series', async () => {
    const numbers = a.documentNumbers();
    expect((await numbers.allocate('江司督/2027', 'circular:r1', Date.now())).n).toBe(1);
    expect((await numbers.allocate('江司督/2027', 'circular:r2', Date.now())).n).toBe(2);
    expect((await numbers.allocate('鹤司督/2027', 'circular:r1', Date.now())).n).toBe(1);
    expect((await numbers.allocate('江司督/2027', 'circular:r1', Date.now())).n).toBe(1);
  });

  test('a line owed by a worker lost before its minute is told, once, by another worker on the same store', async () => {
    const told: string[][] = [];
    const clientOf = (worker: string) =>
      ({
        workflow: {
          getHandle: (id: string) => ({ signal: async (_: unknown, s: { number: string }) => void told.push([worker, id, s.number]) }),
        },
      }) as unknown as Client;
    const issuerOf = (stores: Stores, worker: string) =>
      new DocumentIssuer({ numbers: () => stores.documentNumbers(), fallbackIssuer: '江门市司法局', temporal: () => clientOf(worker) });
    const lost = issuerOf(a, 'lost');
    const notice = { ...rectifySupervision('开平市'), at: new Date().toISOString() };
    const issued = (await lost.forNotice(notice))!;
    await lost.stop(); // its worker is gone before the minute the line waits for
    const other = issuerOf(await kind.host(), 'other');
    await other.tellOwed(Date.now()); // not due yet
    expect(told).toEqual([]);
    await other.tellOwed(Date.now() + SENDER_FIRST_MS + 1_000);
    expect(told).toEqual([['other', rectifyObligation('开平市').id, issued.number]]);
    await other.tellOwed(Date.now() + SENDER_FIRST_MS + 10_000); // told: not again
    expect(told).toHaveLength(1);
    expect(await a.documentNumbers().owed(Date.now() + 3600_000, 10)).toEqual([]);
    await other.stop();
  });
});
