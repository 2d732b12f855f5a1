// The portal and board under attack and careless use (one test per probe of the security review), against
// the real server with a real Temporal dev server and worker: guessing passwords concurrently and from many
// addresses, huge and mistyped fields, cross-site posts through an encoded path, stale cookies, ids of the
// wrong kind, an infinite figure, refusals of one kind answered alike, security headers, revoked links and
// attachments whose content is not what their names claim.
import fs from 'node:fs';
import { DefaultLogger, LogEntry, Runtime } from '@temporalio/worker';
import { signLink } from '../../store/links/signed-links';
import { obligationView } from '../../client/operations';
import { saveBoardUser } from '../../config/board-users';
import { LINK_SECRET, startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { cookieOf, httpFrom, loginFrom, sessionFrom } from '../helpers/http-from';
import { duban } from '../helpers/processes';
import { pollUntil } from '../helpers/poll';

// Every log line of the worker in this process, to show that no task token is among them.
const logs: LogEntry[] = [];
Runtime.install({ logger: new DefaultLogger('INFO', (entry) => logs.push(entry)) });

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('portal-hardening', { figures: true });
}, 120_000);
afterAll(async () => stack?.stop());

const jia = () => `${stack.plan}.t1.cleanup.jia`;
const yi = () => `${stack.plan}.t1.cleanup.yi`;
const token = (unit: string) => signLink({ unit, exp: Math.floor(Date.now() / 1000) + 3600, v: 0 }, LINK_SECRET);
const alert = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
const CJK = /[\u4e00-\u9fff]/;
const count = (xs: number[], n: number) => xs.filter((x) => x === n).length;

/** Waits until the obligation has started and recorded its catch-up reminder, so a comparison sees only the test. */
const waitForStart = (id: string) =>
  pollUntil(`${id}: catch-up reminder recorded`, async () =>
    (await obligationView(stack.env.client, id)).state.timeline.some((e) => e.kind === 'reminder'),
  );

/** Logs in as the supervisor from 127.0.0.1 (the owner's own browser); returns the session cookie. */
const sessionCookie = (username = SUPERVISOR.username, password = SUPERVISOR.password) =>
  sessionFrom('127.0.0.1', stack.url, username, password);

/** A post from the board's own page (its Origin), with a session cookie. */
const boardPost = (path: string, body: Record<string, string>, cookie: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    body: new URLSearchParams(body),
    headers: { cookie, origin: stack.url, ...headers },
    redirect: 'manual',
  });

const report = (fields: Record<string, string>, file?: { name: string; content: Buffer }) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set('attachments', new Blob([file.content]), file.name);
  return f;
};
const submit = (unit: string, id: string, form: FormData) =>
  fetch(`${stack.url}/u/${unit}/o/${id}?t=${token(unit)}`, { method: 'POST', body: form });

test('1. concurrent wrong passwords: the attempt is counted before the password is checked', async () => {
  for (const [n, account] of [
    [100, 'wang'],
    [300, 'zhao'],
  ] as const) {
    const answers = await Promise.all(Array.from({ length: n }, () => loginFrom('127.0.0.11', stack.url, account, 'wrong password')));
    const statuses = answers.map((a) => a.status);
    // Five passwords checked (scrypt runs) in the window, every other attempt turned away before the check.
    expect(count(statuses, 401)).toBe(5);
    expect(count(statuses, 429)).toBe(n - 5);
    expect(answers.find((a) => a.status === 429)!.headers['retry-after']).toMatch(/^\d+$/);
  }
}, 120_000);

test('2. a stranger cannot lock a supervisor out: per address and account, and a slower limit per account', async () => {
  // Five wrong passwords from one address lock that address out of that account only.
  for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.2', stack.url, SUPERVISOR.username, 'guess')).status).toBe(401);
  const locked = await loginFrom('127.0.0.2', stack.url, SUPERVISOR.username, SUPERVISOR.password);
  expect(locked.status).toBe(429);
  expect(alert(locked.body)).toBe('登录失败次数过多，请 15 分钟后再试');
  const owner = await loginFrom('127.0.0.1', stack.url, SUPERVISOR.username, SUPERVISOR.password);
  expect(owner.status).toBe(302);

  // A second supervisor, added to the accounts file while the board runs (no restart).
  saveBoardUser(stack.usersFile, { username: 'li', name: '李科长', password: 'li-password-2026' });
  const first = await loginFrom('127.0.0.1', stack.url, 'li', 'li-password-2026');
  expect(first.status).toBe(302);
  const device = cookieOf(first.headers['set-cookie'], 'duban_device')!;
  expect(device).toBeDefined();
  // Guessing li's password from four more addresses reaches the slower per-account limit (20 an hour) …
  for (const a of ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6']) {
    for (let i = 0; i < 5; i++) expect((await loginFrom(a, stack.url, 'li', 'guess')).status).toBe(401);
  }
  const stranger = await loginFrom('127.0.0.7', stack.url, 'li', 'li-password-2026');
  expect(stranger.status).toBe(429);
  expect(alert(stranger.body)).toMatch(/^该账号近期登录失败过多，暂停从新的浏览器登录，请 \d+ 分钟后再试（曾在本浏览器登录过的不受影响）$/);
  // … but li's own browser still logs in, even from one of the guessing addresses.
  expect((await loginFrom('127.0.0.3', stack.url, 'li', 'li-password-2026', device)).status).toBe(302);
}, 120_000);

test("3. huge usernames are refused before any work and count as no attempt (the throttle's memory bound: test/unit/login-throttle)", async () => {
  const huge = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < 20; i++) {
    const answers = await Promise.all(Array.from({ length: 10 }, () => loginFrom('127.0.0.8', stack.url, `${huge}${i}`, 'pw')));
    expect(answers.every((a) => a.status === 413)).toBe(true);
  }
  const long = await loginFrom('127.0.0.8', stack.url, 'y'.repeat(65), 'pw');
  expect(long.status).toBe(400);
  expect(alert(long.body)).toBe('用户名不能超过 64 个字');
  // None of those counted as attempts from that address: a real login from it still goes through.
  expect((await loginFrom('127.0.0.8', stack.url, SUPERVISOR.username, SUPERVISOR.password)).status).toBe(302);
}, 120_000);

test('6. every field is limited on the server: a 68,000-character name or a 501-character reason records nothing', async () => {
  await waitForStart(jia());
  const before = await obligationView(stack.env.client, jia());
  const name = await submit('jia', jia(), report({ by: 'x'.repeat(68_000), text: '报告', 'figure.cases': '3' }));
  expect(name.status).toBe(400);
  expect(alert(await name.text())).toBe('报送人姓名不能超过 60 个字');
  const text = await submit('jia', jia(), report({ by: '李四', text: '字'.repeat(20_001), 'figure.cases': '3' }));
  expect(text.status).toBe(400);
  expect(alert(await text.text())).toBe('报告内容过长（20001 字，上限 20000 字）');

  const cookie = await sessionCookie();
  const reason = await boardPost(`/board/o/${jia()}/extend`, { newDue: '2099-01-01', reason: '因'.repeat(501) }, cookie);
  expect(reason.status).toBe(400);
  expect(alert(await reason.text())).toBe('延期理由不能超过 500 个字');
  expect((await obligationView(stack.env.client, jia())).state.timeline).toEqual(before.state.timeline);

  const cli = await duban(['extend', jia(), '--by', '李'.repeat(65), '--due', '2099-01-01', '--reason', '材料未齐'], {
    TEMPORAL_ADDRESS: stack.env.address,
  });
  expect(cli.code).toBe(2);
  expect(cli.stderr.trim()).toBe('错误：--by 不能超过 64 个字（收到 65 个字）');
  const figure = await duban(['submit', jia(), '--by', '李四', '--text', '报告', '--figure', `cases=${'9'.repeat(400)}`], {
    TEMPORAL_ADDRESS: stack.env.address,
  });
  expect(figure.code).toBe(2);
  expect(figure.stderr).toContain('数值为 0 到 1,000,000,000,000 之间的数');
}, 120_000);

test('7. a cross-site post is refused on the decoded route (/%62oard/…), whatever the raw URL', async () => {
  await waitForStart(yi());
  const cookie = await sessionCookie();
  const before = await obligationView(stack.env.client, yi());
  const encoded = `/%62oard/o/${yi()}/extend`;
  for (const headers of [{ origin: 'http://elsewhere.example' }, { origin: 'null' }]) {
    const res = await fetch(`${stack.url}${encoded}`, {
      method: 'POST',
      body: new URLSearchParams({ newDue: '2099-01-01', reason: '材料未齐' }),
      headers: { cookie, ...headers },
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(alert(await res.text())).toBe('表单只能从督查看板页面提交。');
  }
  // Neither Origin nor Referer: refused too; a Referer from the board itself is enough.
  const bare = await fetch(`${stack.url}${encoded}`, {
    method: 'POST',
    body: new URLSearchParams({ newDue: '2099-01-01', reason: '材料未齐' }),
    headers: { cookie },
    redirect: 'manual',
  });
  expect(bare.status).toBe(403);
  expect((await obligationView(stack.env.client, yi())).state).toEqual(before.state);
  const own = await fetch(`${stack.url}${encoded}`, {
    method: 'POST',
    body: new URLSearchParams({ newDue: '2099-01-01', reason: '材料未齐' }),
    headers: { cookie, referer: `${stack.url}/board/o/${yi()}` },
    redirect: 'manual',
  });
  expect(own.status).toBe(302);
  expect((await obligationView(stack.env.client, yi())).state.due).toBe('2099-01-01T23:59:59+08:00');
}, 120_000);

test('8. logging out or changing the password ends the session on the server', async () => {
  const cookie = await sessionCookie();
  const board = () => fetch(`${stack.url}/board`, { headers: { cookie }, redirect: 'manual' });
  expect((await board()).status).toBe(200);
  const out = await boardPost('/board/logout', {}, cookie);
  expect(out.status).toBe(302);
  expect((await board()).status).toBe(302); // a copy of the old cookie is worthless

  saveBoardUser(stack.usersFile, { username: 'wu', name: '吴督查', password: 'wu-first-password' });
  const wu = await sessionCookie('wu', 'wu-first-password');
  const asWu = () => fetch(`${stack.url}/board`, { headers: { cookie: wu }, redirect: 'manual' });
  expect((await asWu()).status).toBe(200);
  saveBoardUser(stack.usersFile, { username: 'wu', name: '吴督查', password: 'wu-second-password' }); // `duban board-user wu` while the board runs
  expect((await asWu()).status).toBe(302);
  expect((await loginFrom('127.0.0.1', stack.url, 'wu', 'wu-first-password')).status).toBe(401);
  expect((await loginFrom('127.0.0.1', stack.url, 'wu', 'wu-second-password')).status).toBe(302);
}, 120_000);

test('9. bodies of the wrong shape are answered 400 in Chinese, never 500', async () => {
  const cookie = await sessionCookie();
  const json = (path: string, body: string, withCookie = true) =>
    fetch(`${stack.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', origin: stack.url, ...(withCookie ? { cookie } : {}) },
      redirect: 'manual',
    });
  const login = await json('/board/login', '{"username":1,"password":"x"}', false);
  expect(login.status).toBe(400);
  expect(alert(await login.text())).toBe('用户名应为文字');
  const reason = await json(`/board/o/${yi()}/extend`, '{"newDue":"2099-02-01","reason":{"a":1}}');
  expect(reason.status).toBe(400);
  expect(alert(await reason.text())).toBe('延期理由应为文字');
  const empty = await boardPost('/board/login', {}, '');
  expect(empty.status).toBe(400);

  // Every route, many malformed bodies: no answer is a 500.
  const bodies: [string, string][] = [
    ['application/json', '{"username":["a"],"password":null}'],
    ['application/json', '[1,2,3]'],
    ['application/json', '"text"'],
    ['application/json', '{not json'],
    ['application/x-www-form-urlencoded', 'reason=a&reason=b&newDue=x&newDue=y'],
    ['application/x-www-form-urlencoded', 'units=everyone&due=1'],
    ['application/x-www-form-urlencoded', '__proto__[x]=1&constructor=2'],
    ['text/plain', 'hello'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'],
  ];
  const routes = [
    '/board/login',
    `/board/o/${yi()}/accept`,
    `/board/o/${yi()}/return`,
    `/board/o/${yi()}/extend`,
    `/board/rounds/${stack.plan}.t1.cleanup/look-back`,
    '/board/units/yi/revoke-links',
    `/u/jia/o/${jia()}?t=${token('jia')}`,
    '/board/logout',
  ]; // logout last: it ends the session
  const statuses: string[] = [];
  for (const route of routes) {
    for (const [type, body] of bodies) {
      const res = await fetch(`${stack.url}${route}`, {
        method: 'POST',
        body,
        headers: { 'content-type': type, origin: stack.url, cookie },
        redirect: 'manual',
      });
      const page =
        res.status >= 400 && (res.headers.get('content-type') ?? '').startsWith('text/html') && CJK.test(alert(await res.text()) ?? '');
      if (res.status >= 500 || (res.status >= 400 && !page)) statuses.push(`${route} ${type} ${body}: ${res.status}`); // a 4xx is a page saying why in Chinese
    }
  }
  expect(statuses).toEqual([]);
  for (const [q, why] of [
    ['/board?plan=a&plan=b', '方案应为文字'],
    [`/u/jia?t=${token('jia')}&t=x`, '链接应为文字'],
    ['/board/login?next=a&next=b', '跳转地址应为文字'],
  ]) {
    const res = await fetch(`${stack.url}${q}`, { headers: { cookie } });
    expect([res.status, alert(await res.text())]).toEqual([400, why]);
  }
  const lookBack = await boardPost(`/board/rounds/${stack.plan}.t1.cleanup/look-back`, { due: '2099-06-30', units: 'everyone' }, cookie);
  expect([lookBack.status, alert(await lookBack.text())]).toEqual([400, '单位范围应为 逾期或退回过的单位、全部单位 或 指定单位']);
}, 180_000);

test('10. a round, a plan or any other workflow id is not an obligation: 404', async () => {
  const cookie = await sessionCookie();
  for (const id of [`${stack.plan}.t1.cleanup`, stack.plan]) {
    const page = await fetch(`${stack.url}/board/o/${id}`, { headers: { cookie } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('未找到报送事项');
    expect((await boardPost(`/board/o/${id}/accept`, {}, cookie)).status).toBe(404);
  }
}, 60_000);

test('11. a figure too large to be a number is refused as an invalid number', async () => {
  const res = await submit('jia', jia(), report({ by: '李四', text: '报告', 'figure.cases': '9'.repeat(400) }));
  expect(res.status).toBe(400);
  expect(alert(await res.text())).toBe('“清理案件数”填写的不是有效数字（应为 0 到 1,000,000,000,000 之间的数）');
}, 60_000);

test('attachments are judged by their content: a program named .pdf is refused and nothing is stored', async () => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
  const res = await submit('jia', jia(), report({ by: '李四', text: '报告', 'figure.cases': '3' }, { name: '材料.pdf', content: exe }));
  expect(res.status).toBe(400);
  expect(alert(await res.text())).toBe('附件“材料.pdf”的内容与扩展名 .pdf 不符（实际为可执行程序），请上传真实的 .pdf 文件');
  expect(fs.existsSync(`${stack.dataDir}/reports/${jia()}`)).toBe(false);
}, 60_000);

test('12. one status per kind of refusal: a report already awaiting review is 409 wherever it is refused', async () => {
  await waitForStart(jia());
  // Five at once: the workflow accepts one; the others are refused by it or by the route's own check, all 409.
  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => submit('jia', jia(), report({ by: `李四${i}`, text: '已完成清理。', 'figure.cases': '3' }))),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses).toEqual([200, 409, 409, 409, 409]);
  const again = await submit('jia', jia(), report({ by: '李四', text: '再报一次', 'figure.cases': '3' }));
  expect(again.status).toBe(409);
  expect(alert(await again.text())).toMatch(/^已报送（回执 HZ-.+-1），等待审核，不能重复报送$/);
  const empty = await submit('jia', jia(), report({ by: '', text: '', 'figure.cases': 'x' }));
  expect(empty.status).toBe(409); // the stage refuses first, whatever else is wrong

  const cookie = await sessionCookie();
  expect((await boardPost(`/board/o/${jia()}/accept`, {}, cookie)).status).toBe(302);
  const accepted = await boardPost(`/board/o/${jia()}/accept`, {}, cookie);
  expect(accepted.status).toBe(409);
  expect(alert(await accepted.text())).toBe('该事项当前为“已办结”，没有待审核的报告');
  const extend = await boardPost(`/board/o/${jia()}/extend`, { newDue: '2099-01-01', reason: '补充' }, cookie);
  expect(extend.status).toBe(409);
  const past = await boardPost(`/board/o/${yi()}/extend`, { newDue: '2020-01-01', reason: '补充' }, cookie);
  expect(past.status).toBe(400); // the request is wrong, not the stage
}, 120_000);

test('14. every response carries the security headers', async () => {
  const cookie = await sessionCookie();
  for (const [path, withCookie] of [
    ['/board/login', false],
    ['/board', true],
    [`/u/yi?t=${token('yi')}`, false],
    ['/u/yi?t=bad', false],
    ['/nothing', false],
  ] as const) {
    const res = await fetch(`${stack.url}${path}`, { headers: withCookie ? { cookie } : {} });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
  }
}, 60_000);

test("a unit's links can be revoked from the board and the CLI; the new link works, the old ones do not", async () => {
  const old = token('yi');
  expect((await fetch(`${stack.url}/u/yi?t=${old}`)).status).toBe(200);
  const cookie = await sessionCookie();
  const revoked = await boardPost('/board/units/yi/revoke-links', { unit: 'yi' }, cookie);
  expect(revoked.status).toBe(200);
  const page = await revoked.text();
  expect(page).toContain('已作废 乙局 此前的全部报送链接');
  const fresh = /<code id="new-link">([^<]+)<\/code>/.exec(page)![1].replaceAll('&amp;', '&');
  expect((await fetch(fresh)).status).toBe(200);
  const refused = await fetch(`${stack.url}/u/yi?t=${old}`);
  expect(refused.status).toBe(403);
  expect(alert(await refused.text())).toBe('此链接已被督查部门作废，请使用最新一次通知中的链接，或联系督查部门。');

  const cli = await duban(['unit-link', 'revoke', 'yi', '--by', '司法局 李某'], {
    DUBAN_DATA_DIR: stack.dataDir,
    DUBAN_LINK_SECRET: LINK_SECRET,
    DUBAN_PORTAL_URL: stack.url,
  });
  expect(cli.code).toBe(0);
  expect(cli.stdout).toContain('已作废单位 yi 此前的全部报送链接（现为第 2 版）');
  const cliLink = cli.stdout.trim().split('\n').at(-1)!;
  expect((await fetch(fresh)).status).toBe(403);
  expect((await fetch(cliLink)).status).toBe(200);
}, 120_000);

test("the worker's log never holds a task token", async () => {
  const activityLines = logs.filter((l) => l.meta?.activityType);
  expect(activityLines.length).toBeGreaterThan(0); // the notices sent above were logged
  expect(activityLines.filter((l) => 'taskToken' in (l.meta ?? {}))).toEqual([]);
});
