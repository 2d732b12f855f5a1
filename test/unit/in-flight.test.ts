// Concurrent identical requests share one piece of work; once it has settled, the next request runs its own.
import { InFlight } from '../../web/in-flight';

test('calls for one key while its work runs share it; other keys and later calls run their own', async () => {
  const flight = new InFlight<string>();
  let runs = 0;
  let finish!: (v: string) => void;
  const work = () => (runs++, new Promise<string>((r) => (finish = r)));
  const first = flight.run('a', work);
  const joined = flight.run('a', work);
  expect([first.first, joined.first, runs]).toEqual([true, false, 1]);
  expect(flight.run('b', async () => 'b').first).toBe(true);
  finish('done');
  await expect(joined.result).resolves.toBe('done');
  const later = flight.run('a', async () => 'again');
  expect(later.first).toBe(true);
  await expect(later.result).resolves.toBe('again');
});

test('a failure reaches every caller that shares the work, and the key is free again', async () => {
  const flight = new InFlight<string>();
  const failing = flight.run('a', () => Promise.reject(new Error('系统繁忙')));
  const joined = flight.run('a', async () => 'never');
  await expect(failing.result).rejects.toThrow('系统繁忙');
  await expect(joined.result).rejects.toThrow('系统繁忙');
  expect(flight.run('a', async () => 'fresh').first).toBe(true);
});
