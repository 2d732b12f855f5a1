// Several web processes on one PostgreSQL store, as behind a load balancer: log in through one, go on through
// another, restart one and nobody is logged out, log out through one and the session ends on all; guesses spread
// over two processes meet one throttle; an account `duban board-user` adds is known to every process at once.
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { createWebServer } from '../../web/server';
import { webOptionsFromEnv } from '../../web/from-env';
import { postgresKind } from '../helpers/postgres';
import { duban } from '../helpers/processes';

const kind = postgresKind();
const ENV = {
  DUBAN_LINK_SECRET: 'link-secret-0123456789',
  DUBAN_SESSION_SECRET: 'session-secret-0123456789',
  DUBAN_PAYLOAD_ENCRYPTION: 'off',
  DUBAN_TRUST_PROXY: '127.0.0.1', // as behind the load balancer: the client's address comes in X-Forwarded-For
};
/** Only the login, logout and 账号管理 pages are asked for, none of which calls Temporal (each runs within its time limit). */
const NO_TEMPORAL = { connection: { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() } } as unknown as Client;

const opened: FastifyInstance[] = [];
/** A web process on the shared store; its base address. */
async function webProcess(): Promise<string> {
  const app = await createWebServer(webOptionsFromEnv(NO_TEMPORAL, await kind.host(), { ...kind.envOf(), ...ENV }));
  opened.push(app);
  return app.listen({ port: 0, host: '127.0.0.1' });
}

beforeAll(async () => {
  await kind.setUp();
  const stores = await kind.host();
  await stores.boardAuth().accounts.save({ username: 'zhang', name: '张督查', password: 'zhang-password-1' });
}, 120_000);
afterAll(async () => {
  for (const app of opened) await app.close();
  await kind.tearDown();
});

const login = (base: string, username: string, password: string, address = '203.0.113.9') =>
  fetch(`${base}/board/login`, {
    method: 'POST',
    body: new URLSearchParams({ username, password }),
    headers: { origin: base, 'x-forwarded-for': address },
    redirect: 'manual',
  });
const accountsPage = (base: string, cookie: string) => fetch(`${base}/board/accounts`, { headers: { cookie }, redirect: 'manual' });

test('logged in through web A, the session works through web B and a restarted web, until a logout through B', async () => {
  const [a, b] = [await webProcess(), await webProcess()];
  const res = await login(a, 'zhang', 'zhang-password-1');
  expect(res.status).toBe(302);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('duban_board='))!
    .split(';')[0];
  expect((await accountsPage(b, cookie)).status).toBe(200);
  const restarted = await webProcess();
  expect((await accountsPage(restarted, cookie)).status).toBe(200);
  const out = await fetch(`${b}/board/logout`, { method: 'POST', headers: { origin: b, cookie }, redirect: 'manual' });
  expect(out.status).toBe(302);
  const after = await accountsPage(a, cookie);
  expect(after.status).toBe(302);
  expect(after.headers.get('location')).toMatch(/^\/board\/login/);
});

test('120 concurrent wrong guesses spread over two web processes meet one throttle', async () => {
  const [a, b] = [await webProcess(), await webProcess()];
  const answers = await Promise.all(
    Array.from({ length: 120 }, (_, i) => login(i % 2 ? a : b, 'zhang', `wrong-guess-${i}`, '198.51.100.20')),
  );
  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(115);
  // The owner, from another address, still logs in.
  expect((await login(b, 'zhang', 'zhang-password-1', '192.0.2.44')).status).toBe(302);
}, 120_000);

test('an account `duban board-user` writes to the database logs in through every web process', async () => {
  const [a, b] = [await webProcess(), await webProcess()];
  const added = await duban(['board-user', 'li', '--name', '李科长', '--role', '只读'], kind.envOf(), 'li-password-22\n');
  expect(added.stderr).toBe('');
  expect(added.stdout.trim()).toMatch(/^已保存账号 li（李科长）到 PostgreSQL postgres@127\.0\.0\.1:\d+\/duban_contract；看板立即生效/);
  await new Promise((r) => setTimeout(r, 1100)); // the accounts are re-read at most once a second
  expect((await login(a, 'li', 'li-password-22')).status).toBe(302);
  expect((await login(b, 'li', 'li-password-22')).status).toBe(302);
  const disabled = await duban(['board-user', 'li', '--disable'], kind.envOf());
  expect(disabled.code).toBe(0);
  await new Promise((r) => setTimeout(r, 1100));
  expect((await login(a, 'li', 'li-password-22')).status).toBe(401);
}, 120_000);

test("an account added on one web process's 账号管理 page logs in through another", async () => {
  const [a, b] = [await webProcess(), await webProcess()];
  const res = await login(a, 'zhang', 'zhang-password-1', '192.0.2.60');
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('duban_board='))!
    .split(';')[0];
  const added = await fetch(`${a}/board/accounts`, {
    method: 'POST',
    body: new URLSearchParams({ username: 'zhou', name: '周科员', password: 'zhou-password-1', role: '督查员', offices: '江门市督查室' }),
    headers: { origin: a, cookie },
    redirect: 'manual',
  });
  expect(added.status).toBe(302);
  expect(decodeURIComponent(added.headers.get('location')!)).toBe('/board/accounts?msg=已添加账号 zhou');
  expect(await (await accountsPage(b, cookie)).text()).toContain('周科员');
  await new Promise((r) => setTimeout(r, 1100));
  expect((await login(b, 'zhou', 'zhou-password-1', '192.0.2.61')).status).toBe(302);
}, 120_000);
