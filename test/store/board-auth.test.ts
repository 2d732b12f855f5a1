// The board's sessions, login counts and accounts on a shared store, embedded (the data folder's board-auth.db and
// accounts file) and PostgreSQL: what one web process writes, another on the same store reads, and the throttle
// counts guesses from every process against one limit.
import { SessionStore } from '../../web/auth/session';
import { LoginThrottle } from '../../web/auth/login-throttle';
import { sessionKey } from '../../store/board-sessions';
import { hashPassword } from '../../config/passwords';
import type { Stores } from '../../store/from-env';
import { storeKinds } from '../helpers/postgres';

const HASH = hashPassword('a-good-password-1');
const NOW = Date.parse('2026-12-07T09:00:00+08:00');

describe.each(storeKinds())('board logins on the shared store: $name', (kind) => {
  let a: Stores;
  let b: Stores;
  beforeAll(async () => {
    await kind.setUp();
    [a, b] = [await kind.host(), await kind.host()];
  });
  afterAll(() => kind.tearDown());

  test('a session opened through one web process is valid in another, and a logout there ends it everywhere', async () => {
    const first = new SessionStore(a.boardAuth().sessions);
    const second = new SessionStore(b.boardAuth().sessions);
    const id = first.open('zhang', HASH, NOW);
    await first.settled();
    await second.load(id, NOW + 60_000);
    expect(second.user(id, NOW + 60_000, () => HASH)).toBe('zhang');
    // A new password ends it; an unknown id opens nothing.
    await second.load('not-a-session', NOW);
    expect(second.user('not-a-session', NOW, () => HASH)).toBeUndefined();
    const third = new SessionStore(b.boardAuth().sessions); // a restarted process
    await third.load(id, NOW + 120_000);
    expect(third.user(id, NOW + 120_000, () => HASH)).toBe('zhang');
    second.close(id);
    await second.settled();
    await first.load(id, NOW + 180_000);
    expect(first.user(id, NOW + 180_000, () => HASH)).toBeUndefined();
  });

  test('the store keeps the sha256 of the id, never the id; an expired session is gone', async () => {
    const sessions = a.boardAuth().sessions;
    await sessions.put('raw-id-1', { username: 'li', stamp: 's', expMs: NOW + 1000 });
    expect(await b.boardAuth().sessions.get('raw-id-1', NOW)).toEqual({ username: 'li', stamp: 's', expMs: NOW + 1000 });
    expect(sessionKey('raw-id-1')).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.boardAuth().sessions.get('raw-id-1', NOW + 1000)).toBeUndefined();
    await sessions.prune(NOW + 1000);
    expect(await sessions.get('raw-id-1', NOW)).toBeUndefined();
  });

  test('120 concurrent wrong guesses spread over two web processes meet one throttle', async () => {
    const throttles = [new LoginThrottle(a.boardAuth().attempts), new LoginThrottle(b.boardAuth().attempts)];
    const guess = async (i: number, address: string) => {
      const t = throttles[i % 2];
      await t.prepare('wang', address, undefined, NOW);
      return t.admit('wang', address, undefined, NOW);
    };
    // One address: 5 attempts in 15 minutes on the account from it.
    const fromOne = await Promise.all(Array.from({ length: 120 }, (_, i) => guess(i, '203.0.113.7')));
    expect(fromOne.filter((r) => r === undefined)).toHaveLength(5);
    expect(new Set(fromOne.filter(Boolean).map((r) => r!.scope))).toEqual(new Set(['client']));
    // Many addresses: the account's 20 an hour from unknown browsers, counted once across both processes.
    const fromMany = await Promise.all(Array.from({ length: 120 }, (_, i) => guess(i, `198.51.100.${i}`)));
    expect(fromMany.filter((r) => r === undefined)).toHaveLength(15);
    expect(fromMany.find(Boolean)).toMatchObject({ scope: 'account' });
    // The owner's known browser is not held back by the strangers.
    await throttles[1].prepare('wang', '203.0.113.7', 'device-1', NOW);
    expect(throttles[1].admit('wang', '203.0.113.7', 'device-1', NOW)).toBeUndefined();
  });

  test('a success takes its attempt back and clears its client, on every process', async () => {
    const [one, two] = [new LoginThrottle(a.boardAuth().attempts), new LoginThrottle(b.boardAuth().attempts)];
    for (let i = 0; i < 4; i++) {
      await one.prepare('zhao', '192.0.2.1', undefined, NOW);
      expect(one.admit('zhao', '192.0.2.1', undefined, NOW)).toBeUndefined();
    }
    await two.prepare('zhao', '192.0.2.1', undefined, NOW);
    expect(two.admit('zhao', '192.0.2.1', undefined, NOW)).toBeUndefined();
    two.succeeded('zhao', '192.0.2.1', undefined);
    await two.settled();
    for (let i = 0; i < 5; i++) {
      await one.prepare('zhao', '192.0.2.1', undefined, NOW);
      expect(one.admit('zhao', '192.0.2.1', undefined, NOW)).toBeUndefined();
    }
    await one.prepare('zhao', '192.0.2.1', undefined, NOW);
    expect(one.admit('zhao', '192.0.2.1', undefined, NOW)).toMatchObject({ scope: 'client' });
  });

  test('an account saved through one process is read by another', async () => {
    await a
      .boardAuth()
      .accounts.save({ username: 'sun', name: '孙科长', password: 'sun-password-1', offices: ['江门市督查室'], role: '督查员' });
    await a.boardAuth().accounts.save({ username: 'sun', disabled: true });
    const users = await b.boardAuth().accounts.all();
    expect(users.find((u) => u.username === 'sun')).toMatchObject({
      name: '孙科长',
      offices: ['江门市督查室'],
      role: '督查员',
      disabled: true,
    });
    await expect(a.boardAuth().accounts.save({ username: 'nobody', name: '无' })).rejects.toThrow('新账号须提供密码');
  });
});
