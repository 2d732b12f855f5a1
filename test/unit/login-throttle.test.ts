// The login throttle's rules and its memory bound, on its own clock.
import { LoginThrottle } from '../../web/auth/login-throttle';
import { SlidingWindow } from '../../web/auth/sliding-window';

const MIN = 60_000;

test("five attempts per account and address in 15 minutes; other addresses and the owner's browser are not held back", () => {
  const t = new LoginThrottle();
  for (let i = 0; i < 5; i++) expect(t.admit('zhang', '10.0.0.9', undefined, i)).toBeUndefined();
  expect(t.admit('zhang', '10.0.0.9', undefined, 10)).toEqual({ scope: 'client', retryAfterMs: 15 * MIN - 10 }); // the first attempt's window ends then
  expect(t.admit('zhang', '10.0.0.1', undefined, 10)).toBeUndefined();
  expect(t.admit('zhang', '10.0.0.9', undefined, 15 * MIN)).toBeUndefined(); // the window has passed
});

test('the per-account limit stops strangers from many addresses, not a browser the account used before', () => {
  const t = new LoginThrottle();
  for (let a = 0; a < 4; a++) for (let i = 0; i < 5; i++) expect(t.admit('li', `10.0.1.${a}`, undefined, 0)).toBeUndefined();
  expect(t.admit('li', '10.0.2.1', undefined, 1)).toMatchObject({ scope: 'account' });
  expect(t.admit('li', '10.0.1.0', 'device-of-li', 1)).toBeUndefined();
  expect(t.admit('li', '10.0.2.1', undefined, 60 * MIN)).toBeUndefined(); // an hour later
});

test('one address guessing many accounts is stopped after 50 attempts', () => {
  const t = new LoginThrottle();
  for (let i = 0; i < 50; i++) expect(t.admit(`user${i}`, '10.0.3.3', undefined, 0)).toBeUndefined();
  expect(t.admit('user50', '10.0.3.3', undefined, 0)).toMatchObject({ scope: 'address' });
});

test('a success takes its attempt back: a supervisor logging in often is never locked', () => {
  const t = new LoginThrottle();
  for (let i = 0; i < 100; i++) {
    expect(t.admit('wang', '10.0.4.4', undefined, i)).toBeUndefined();
    t.succeeded('wang', '10.0.4.4', undefined);
  }
});

test('memory is bounded: entries expire with their window and their number is capped', () => {
  const w = new SlidingWindow(5, 15 * MIN, 1000);
  for (let i = 0; i < 50_000; i++) w.add(`account${i}\n10.${i}`, i);
  expect(w.size).toBeLessThanOrEqual(1000);
  for (let i = 0; i < 10; i++) w.add(`late${i}`, 60 * MIN);
  expect(w.size).toBe(10); // everything older than the window is gone at the next eviction
  const t = new LoginThrottle();
  for (let i = 0; i < 100_000; i++) t.admit(`a${i}`, `addr${i}`, undefined, 0);
  expect(t.size).toBeLessThanOrEqual(30_000); // three windows of at most 10,000 entries each
});
