// Offices and roles on the board: two offices' plans side by side on one stack. An account of office A gets 404
// for every board route filled with office B's ids (the routes listed from the server's own table, so a new route
// cannot be forgotten); a 只读 account of A sees A's obligation and gets a Chinese 403 on its actions; a province
// account (`*`) sees both plans; a unit owing to both offices sees each one's duties under its name; a plan that
// has finished stays readable by its office and hidden from the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebStack, WebStack, waitForPlanListed } from '../helpers/web-stack';
import { httpFrom, loginFrom, sessionFrom } from '../helpers/http-from';
import { loadPlanFromDisk } from '../../client/plan-files';
import { planRunSpec } from '../../domain/obligation/spec';
import { startPlanRun } from '../../client/plan-runs';
import { saveBoardUser } from '../../config/board-users';
import { boardRouteTable } from '../../web/board-tenancy';
import { pollUntil } from '../helpers/poll';
import { unitToken } from '../helpers/portal-page';

const IP = '127.0.0.1';
const PASSWORD = 'offices test password';
/** Routes that hold no office's data: logging in and out, shared assets, the shared directory and calendar.
 * Everything else (plan imports too, walked with office B's import) must hide office B from office A. */
const NOT_OFFICE_DATA = ['/board/login', '/board/logout', '/board/charts.css', '/board/import/static', '/board/roster', '/board/calendar'];

let stack: WebStack;
let planB: string;
/** A plan import made by office B's 管理员. */
let importB: string;
beforeAll(async () => {
  // Read when the board's routes are registered: plan imports' data folder and the office directory.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-offices-'));
  process.env.DUBAN_DATA_DIR = path.join(work, 'data');
  process.env.DUBAN_DIRECTORY = path.join(work, 'directory.yaml');
  fs.copyFileSync('test/fixtures/notices/directory.yaml', process.env.DUBAN_DIRECTORY);
  stack = await startWebStack('board-offices');
  // Office B: the same plan under another issuer and id, owed by a unit office A's plan does not have (丙局) and
  // by one of office A's units (甲局), which then owes duties to both offices.
  const dir = fs.readFileSync('test/fixtures/plans/directory.yaml', 'utf8');
  const directory = path.join(stack.dataDir, 'directory-b.yaml');
  fs.writeFileSync(
    directory,
    dir.replace(
      /\nrecipients:/,
      '\n  - { name: 丙局, code: bing, kind: department, contact: { name: 丙局联络员, email: bing@example.org, mobile: "19900000031" }, leader: { name: 丙局领导, email: bing-l@example.org, mobile: "19900000032" } }\nrecipients:',
    ),
  );
  const planFile = path.join(stack.dataDir, 'plan-b.yaml');
  const text = fs
    .readFileSync(path.join(stack.dataDir, 'plan.yaml'), 'utf8')
    .replace(/^id: web-/m, 'id: other-')
    .replace(/^issuer: 测试司法局/m, 'issuer: 乙市司法局')
    .replace(/responsible: \[甲局, 乙局\]/g, 'responsible: [甲局, 丙局]');
  fs.writeFileSync(planFile, text);
  const loaded = loadPlanFromDisk(planFile, { directory });
  planB = planRunSpec(loaded).plan;
  await startPlanRun(stack.env.client, loaded, { taskQueue: 'board-offices' });
  await waitForPlanListed(stack.env.client, planB);
  saveBoardUser(stack.usersFile, { username: 'office-a', name: '甲督查', password: PASSWORD, offices: ['测试司法局'], role: '督查员' });
  saveBoardUser(stack.usersFile, { username: 'reader-a', name: '甲只读', password: PASSWORD, offices: ['测试司法局'], role: '只读' });
  saveBoardUser(stack.usersFile, { username: 'admin-a', name: '甲管理员', password: PASSWORD, offices: ['测试司法局'], role: '管理员' });
  saveBoardUser(stack.usersFile, { username: 'admin-b', name: '乙管理员', password: PASSWORD, offices: ['乙市司法局'], role: '管理员' });
  const form = new FormData();
  form.append('text', fs.readFileSync('test/fixtures/notices/articles.txt', 'utf8'));
  const made = await fetch(`${stack.url}/board/import`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { cookie: await login('admin-b'), origin: stack.url },
  });
  expect(made.status).toBe(303);
  importB = made.headers.get('location')!.split('/').pop()!;
  saveBoardUser(stack.usersFile, { username: 'province', name: '省督查', password: PASSWORD, offices: '*', role: '督查员' });
}, 180_000);
afterAll(async () => {
  if (stack && planB)
    for await (const wf of stack.env.client.workflow.list({ query: `DubanPlan = '${planB}' AND ExecutionStatus = 'Running'` }))
      await stack.env.client.workflow
        .getHandle(wf.workflowId)
        .terminate('test done')
        .catch(() => undefined);
  await stack?.stop();
});

const login = (username: string) => sessionFrom(IP, stack.url, username, PASSWORD);
const get = (cookie: string, url: string) => httpFrom(IP, `${stack.url}${url}`, { headers: { cookie, accept: 'text/html' } });
const post = (cookie: string, url: string, form: Record<string, string>) =>
  httpFrom(IP, `${stack.url}${url}`, {
    method: 'POST',
    body: new URLSearchParams(form).toString(),
    headers: { cookie, origin: stack.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  });

test('an account of office A gets 404 for every board route filled with office B’s ids', async () => {
  const cookie = await login('admin-a'); // its 管理员: no route is held back by the role
  const roundB = `${planB}.t1.cleanup`;
  const fill: Record<string, string> = { id: `${roundB}.bing`, round: roundB, unit: 'bing', sha: 'a'.repeat(64), kind: '汇总' };
  const routes = boardRouteTable.get(stack.web)!;
  expect(routes.length).toBeGreaterThan(15);
  const walked: string[] = [];
  for (const r of routes) {
    if (NOT_OFFICE_DATA.some((p) => r.url === p || r.url.startsWith(`${p}/`) || r.url.startsWith(`${p}.`))) continue;
    // A route with ids in its path is walked with those alone; one without names the plan in its query and form.
    const ids = r.url.includes(':');
    const values = r.url.startsWith('/board/import/') ? { ...fill, id: importB } : fill;
    const url = ids ? r.url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x')) : `${r.url}?plan=${planB}`;
    const res = r.method === 'GET' ? await get(cookie, url) : await post(cookie, url, ids ? { unit: 'bing' } : { plan: planB });
    walked.push(`${r.method} ${r.url} → ${res.status}`);
    expect(`${r.method} ${r.url} → ${res.status}`).toBe(`${r.method} ${r.url} → 404`);
    expect(res.body).not.toContain(planB);
    expect(res.body).not.toContain(importB);
  }
  expect(walked.length).toBeGreaterThan(10);
  if (process.env.DUBAN_SHOW_WALK) console.log(walked.join('\n'));
  // Without a plan named, office A's board shows its own plan only; its own plan opens.
  const board = await get(cookie, '/board');
  expect(board.status).toBe(200);
  expect(board.body).toContain(stack.plan);
  expect(board.body).not.toContain(planB);
  expect((await get(cookie, `/board/o/${stack.plan}.t1.cleanup.jia`)).status).toBe(200);
  // Office B's plan import is not listed for office A; its own 管理员 and the province see it.
  const imports = await get(cookie, '/board/import');
  expect([imports.status, imports.body.includes(importB)]).toEqual([200, false]);
  expect((await get(await login('admin-b'), `/board/import/${importB}`)).status).toBe(200);
  expect((await get(await login('province'), `/board/import`)).body).toContain(importB);
}, 120_000);

test('a 只读 account sees its office’s obligation and gets a Chinese 403 on every action', async () => {
  const cookie = await login('reader-a');
  const ob = `${stack.plan}.t1.cleanup.jia`;
  expect((await get(cookie, `/board/o/${ob}`)).status).toBe(200);
  for (const [url, form] of [
    [`/board/o/${ob}/accept`, {}],
    [`/board/o/${ob}/extend`, { newDue: '2099-01-01', reason: '测试' }],
    [`/board/rounds/${stack.plan}.t1.cleanup/look-back`, { due: '2099-01-01', units: 'all' }],
    [`/board/units/jia/revoke-links`, { unit: 'jia' }],
  ] as const) {
    const res = await post(cookie, url, form);
    expect([url, res.status]).toEqual([url, 403]);
    expect(res.body).toContain('不能进行此项操作');
  }
  // Nothing was done in its name.
  const page = await get(cookie, `/board/o/${ob}`);
  expect(page.body.split('<h2>时间线</h2>')[1]).not.toContain('甲只读');
}, 60_000);

test('a province account (*) sees both offices’ plans', async () => {
  const cookie = await login('province');
  const board = await get(cookie, '/board');
  expect(board.body).toContain(stack.plan);
  expect(board.body).toContain(planB);
  expect((await get(cookie, `/board?plan=${planB}`)).status).toBe(200);
  expect((await get(cookie, `/board/o/${planB}.t1.cleanup.bing`)).status).toBe(200);
  expect((await get(cookie, `/board/ledger.xlsx?plan=${planB}`)).status).toBe(200);
}, 60_000);

test('an office’s 管理员 manages its office’s accounts only, on the board', async () => {
  const cookie = await login('admin-a');
  expect((await get(cookie, '/board')).body).toContain('href="/board/accounts"');
  const list = await get(cookie, '/board/accounts');
  expect(list.status).toBe(200);
  for (const mine of ['office-a', 'reader-a', 'admin-a']) expect(list.body).toContain(mine);
  for (const other of ['province', 'zhang']) expect(list.body).not.toContain(`<td>${other}</td>`);
  // A new 只读 account of its office, then 停用 it: it cannot log in any more.
  const added = await post(cookie, '/board/accounts', { username: 'reader-a2', name: '甲二', password: PASSWORD, role: '只读' });
  expect(added.status).toBe(302);
  expect(decodeURIComponent(added.headers.location!)).toContain('已添加账号 reader-a2');
  await login('reader-a2');
  await post(cookie, '/board/accounts', { username: 'reader-a2', role: '只读', disabled: 'on' });
  expect((await loginFrom(IP, stack.url, 'reader-a2', PASSWORD)).status).toBe(401);
  // Another office's or the province's account is not revealed; another office cannot be given.
  expect((await post(cookie, '/board/accounts', { username: 'province', role: '只读' })).status).toBe(404);
  const outside = await post(cookie, '/board/accounts', {
    username: 'reader-a3',
    name: '甲三',
    password: PASSWORD,
    role: '只读',
    offices: '乙市司法局',
  });
  expect(outside.status).toBe(403);
  expect(outside.body).toContain('只能设置本单位的发文单位');
  // A 督查员 does not manage accounts.
  const supervisor = await login('office-a');
  expect((await get(supervisor, '/board/accounts')).status).toBe(403);
}, 60_000);

test('a unit owing duties to both offices sees each office’s duties under that office’s name', async () => {
  const open = async (url: string) => {
    const res = await fetch(`${stack.url}${url}?t=${unitToken('jia')}`);
    expect([url, res.status]).toEqual([url, 200]);
    return res.text();
  };
  const sections = (await open('/u/jia')).split('<h2 class="office">').slice(1);
  const of = (office: string) => sections.filter((h) => h.startsWith(`发文单位：${office}</h2>`));
  expect(sections).toHaveLength(2);
  for (const [office, mine, other] of [
    ['测试司法局', stack.plan, planB],
    ['乙市司法局', planB, stack.plan],
  ]) {
    expect(of(office)).toHaveLength(1);
    expect(of(office)[0]).toContain(`id="${mine}.t1.cleanup.jia"`);
    expect(of(office)[0]).not.toContain(`${other}.`);
    // The duty's own page names its office too.
    expect(await open(`/u/jia/o/${mine}.t1.cleanup.jia`)).toContain(`<p class="meta office">发文单位：${office}</p>`);
  }
  // 合并报送 names each duty's office too.
  const filing = await open('/u/jia/file');
  for (const [office, plan] of [
    ['测试司法局', stack.plan],
    ['乙市司法局', planB],
  ])
    expect(filing).toMatch(new RegExp(`value="${plan}\\.t1\\.cleanup\\.jia"[^>]*> ${office} · 任务1 · `));
}, 60_000);

test('a finished plan (cancelled, or its year closed) stays with its office: readable there, 404 elsewhere', async () => {
  // Both offices' plan workflows end (their obligations run on, as after a year end).
  for (const plan of [stack.plan, planB]) {
    const handle = stack.env.client.workflow.getHandle(plan);
    await handle.cancel();
    await handle.result().catch(() => undefined);
  }
  await pollUntil(
    'both plans listed as closed',
    async () => (await stack.env.client.workflow.count(`DubanKind = 'plan' AND ExecutionStatus = 'Canceled'`)).count === 2,
  );
  const ob = `${stack.plan}.t1.cleanup.jia`;
  for (const username of ['office-a', 'reader-a']) {
    const cookie = await login(username);
    for (const url of [
      `/board/o/${ob}`,
      `/board/ledger.xlsx?plan=${stack.plan}`,
      `/board/documents?plan=${stack.plan}`,
      `/board/scores?plan=${stack.plan}`,
      `/board/charts?plan=${stack.plan}`,
    ])
      expect([username, url, (await get(cookie, url)).status]).toEqual([username, url, 200]);
    const board = await get(cookie, `/board?plan=${stack.plan}`);
    expect(board.body).toContain(`/board/ledger.xlsx?plan=${stack.plan}`);
    // Office B's finished plan is still not revealed.
    for (const url of [`/board/o/${planB}.t1.cleanup.bing`, `/board/ledger.xlsx?plan=${planB}`, `/board/documents?plan=${planB}`]) {
      const res = await get(cookie, url);
      expect([username, url, res.status]).toEqual([username, url, 404]);
      expect(res.body).not.toContain(planB);
    }
    expect((await get(cookie, `/board?plan=${planB}`)).body).not.toContain(planB);
  }
  // A document of the finished plan is issued to its office, not to the other.
  const annual = `/board/documents/annual/${stack.plan}`;
  expect((await get(await login('office-a'), annual)).status).not.toBe(404);
  expect((await get(await login('admin-b'), annual)).status).toBe(404);
  expect((await get(await login('province'), `/board/ledger.xlsx?plan=${planB}`)).status).toBe(200);
}, 120_000);
