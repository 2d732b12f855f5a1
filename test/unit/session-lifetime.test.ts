// A board login lasts DUBAN_SESSION_HOURS (default 8, a working day): the session ends then on the server, and the
// cookie the browser keeps says the same. A value that is not a number of hours in range stops the web at start,
// in Chinese, naming what was set.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { SessionStore, sessionHoursFromEnv, SESSION_COOKIE } from '../../web/auth/session';
import { createWebServer } from '../../web/server';
import { hashPassword } from '../../config/passwords';
import { LocalReportStore } from '../../store/local/report-store';
import { FileLinkVersions } from '../../store/local/link-versions';

test('the lifetime comes from DUBAN_SESSION_HOURS, 8 hours when unset; anything out of range is refused', () => {
  expect(sessionHoursFromEnv({})).toBe(8);
  expect(sessionHoursFromEnv({ DUBAN_SESSION_HOURS: ' 2 ' })).toBe(2);
  expect(sessionHoursFromEnv({ DUBAN_SESSION_HOURS: '0.5' })).toBe(0.5);
  for (const bad of ['abc', '0', '-3', '1000', 'Infinity'])
    expect(() => sessionHoursFromEnv({ DUBAN_SESSION_HOURS: bad })).toThrow(
      `DUBAN_SESSION_HOURS 应为 0.25 到 720 之间的小时数（默认 8），现为 ${bad}`,
    );
});

test('a session ends when its lifetime is over, not before', () => {
  const hash = hashPassword('correct horse battery');
  const t0 = Date.UTC(2026, 11, 8, 1, 0);
  const short = new SessionStore(undefined, 1);
  const id = short.open('zhang', hash, t0);
  expect(short.user(id, t0 + 59 * 60_000, () => hash)).toBe('zhang');
  expect(short.user(id, t0 + 61 * 60_000, () => hash)).toBeUndefined();
  const day = new SessionStore();
  const other = day.open('zhang', hash, t0);
  expect(day.user(other, t0 + 7.9 * 3600_000, () => hash)).toBe('zhang');
  expect(day.user(other, t0 + 8.1 * 3600_000, () => hash)).toBeUndefined();
});

test("the login's cookie lasts as long as the session", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-session-'));
  const password = 'correct horse battery';
  const app = await createWebServer({
    // The login asks nothing of Temporal: a client whose calls would only run within the request's deadline.
    client: { connection: { withDeadline: <T>(_: number, fn: () => Promise<T>) => fn() } } as unknown as Client,
    linkSecret: 'test-link-secret-0123456789abcdef',
    linkVersions: new FileLinkVersions(path.join(dir, 'unit-links.json')),
    sessionSecret: 'test-session-secret-0123456789abcdef',
    users: [{ username: 'zhang', name: '张督查', passwordHash: hashPassword(password) }],
    reports: new LocalReportStore(path.join(dir, 'reports')),
    sessionHours: 2,
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/board/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${port}` }, // a form of the board's own page
      body: new URLSearchParams({ username: 'zhang', password }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/; Max-Age=7200(;|$)/);
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
