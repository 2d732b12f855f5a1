// What the portal and board refuse, and that a refusal records nothing: tampered, expired and other-unit
// links, a wrong password, an oversized or disallowed upload, a form without its text.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { obligationView } from '../../client/operations';
import { startWebStack, SUPERVISOR, waitForDuty, WebStack } from '../helpers/web-stack';
import { boardCookie, postLogin } from '../helpers/board-login';
import { chineseDate } from '../../domain/notices/format';
import { alertOf, unitToken } from '../helpers/portal-page';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('portal-refusals');
}, 120_000);
afterAll(async () => stack?.stop());

const get = async (p: string) => {
  const res = await fetch(`${stack.url}${p}`, { redirect: 'manual' });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
};
const jia = () => `${stack.plan}.t1.cleanup.jia`;
const yi = () => `${stack.plan}.t1.cleanup.yi`;

const waitForStart = (id: string) => waitForDuty(stack, id);

test('a valid link opens only its own unit', async () => {
  await waitForStart(yi());
  const res = await fetch(`${stack.url}/u/jia?t=${unitToken('jia')}`);
  expect(res.headers.get('referrer-policy')).toBe('same-origin'); // the token never leaves for another site
  const ok = { status: res.status, body: await res.text() };
  expect(ok.status).toBe(200);
  expect(ok.body).toContain(jia());
  expect(ok.body).not.toContain(yi());

  const other = await get(`/u/yi?t=${unitToken('jia')}`);
  expect(other.status).toBe(403);
  expect(alertOf(other.body)).toBe('此链接不属于该单位，不能查看或报送其他单位的事项。');
  expect(other.body).not.toContain(yi());

  const otherDuty = await get(`/u/jia/o/${yi()}?t=${unitToken('jia')}`);
  expect(otherDuty.status).toBe(403);
  expect(alertOf(otherDuty.body)).toBe('此链接不属于该单位，不能查看或报送其他单位的事项。');
});

test('tampered, expired and missing links are refused', async () => {
  const t = unitToken('jia');
  const [payload, sig] = t.split('.');
  // Payload edited to another unit, signature kept.
  const forged = `${Buffer.from(JSON.stringify({ unit: 'yi', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.${sig}`;
  for (const bad of [forged, `${payload}.${sig.slice(0, -2)}xx`]) {
    const r = await get(`/u/yi?t=${bad}`);
    expect(r.status).toBe(403);
    expect(alertOf(r.body)).toBe('链接校验未通过（可能被改动），请从通知邮件中重新打开链接。');
  }
  const expired = await get(`/u/jia?t=${unitToken('jia', Math.floor(Date.now() / 1000) - 60)}`);
  expect(expired.status).toBe(403);
  expect(alertOf(expired.body)).toBe('链接已过期，请使用最新一次通知中的链接，或联系督查部门。');
  const missing = await get('/u/jia');
  expect(missing.status).toBe(403);
  expect(alertOf(missing.body)).toBe('链接不完整或格式有误，请从通知邮件中重新打开链接。');
});

test('a wrong password does not log in; the board stays closed without a login', async () => {
  const closed = await get('/board');
  expect(closed.status).toBe(302);
  expect(closed.location).toBe('/board/login?next=%2Fboard');
  for (const [username, password] of [
    [SUPERVISOR.username, 'guess'],
    ['nobody', SUPERVISOR.password],
  ]) {
    const res = await postLogin(stack.url, { username, password });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(alertOf(await res.text())).toBe('用户名或密码错误');
  }
  // Guessing is slowed down: the sixth failure in a row for one username is refused without a check.
  const attempt = () => postLogin(stack.url, { username: 'guesser', password: 'x' });
  for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
  const locked = await attempt();
  expect(locked.status).toBe(429);
  expect(alertOf(await locked.text())).toBe('登录失败次数过多，请 15 分钟后再试');
  const forgedCookie = await fetch(`${stack.url}/board`, {
    headers: { cookie: 'duban_board=emhhbmc.9999999999.forged' },
    redirect: 'manual',
  });
  expect(forgedCookie.status).toBe(302);
  const cookie = await boardCookie(stack.url, SUPERVISOR); // 302 with the session cookie
  const board = await fetch(`${stack.url}/board`, { headers: { cookie } });
  expect(board.status).toBe(200);
  expect(await board.text()).toContain('任务 × 单位');
});

test('oversized, disallowed and incomplete submissions are refused and record nothing', async () => {
  await waitForStart(jia());
  // The start sent its catch-up reminder first (so the comparison below sees only what the refusals did).
  let before = await obligationView(stack.env.client, jia());
  for (let i = 0; i < 100 && !before.state.timeline.some((e) => e.kind === 'reminder'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    before = await obligationView(stack.env.client, jia());
  }
  const post = (form: FormData) => fetch(`${stack.url}/u/jia/o/${jia()}?t=${unitToken('jia')}`, { method: 'POST', body: form });
  const form = (text: string, file?: { name: string; bytes: number }) => {
    const f = new FormData();
    f.set('by', '李四');
    f.set('text', text);
    if (file) f.set('attachments', new Blob([Buffer.alloc(file.bytes, 1)]), file.name);
    return f;
  };

  const big = await post(form('报告', { name: '材料.pdf', bytes: 21 * 1024 * 1024 }));
  expect(big.status).toBe(413);
  expect(alertOf(await big.text())).toBe('附件过大：单个附件不能超过 20 MB，报告未提交。');

  const exe = await post(form('报告', { name: '程序.exe', bytes: 100 }));
  expect(exe.status).toBe(400);
  expect(alertOf(await exe.text())).toBe('不支持的附件类型 .exe，可上传：.pdf .doc .docx .xls .xlsx .ofd .jpg .jpeg .png .zip');

  const empty = await post(form('   '));
  expect(empty.status).toBe(400);
  const page = await empty.text();
  expect(alertOf(page)).toBe('报告内容不能为空');
  expect(page).toContain('value="李四"'); // what was typed is kept

  const after = await obligationView(stack.env.client, jia());
  expect(after.state.submissions).toEqual(before.state.submissions);
  expect(after.state.timeline).toEqual(before.state.timeline);
  // Nothing stored: no report, no attachment, and no staged upload left behind.
  const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  expect(listing(path.join(stack.dataDir, 'reports')).filter((f) => f !== '.staging')).toEqual([]);
  expect(listing(path.join(stack.dataDir, 'reports', '.staging'))).toEqual([]);
});

test("board actions: a refused extension says why and changes nothing; a 回头看 starts in the supervisor's name", async () => {
  const cookie = await boardCookie(stack.url, SUPERVISOR);
  const post = (p: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}${p}`, {
      method: 'POST',
      body: new URLSearchParams(body),
      headers: { cookie, origin: stack.url, ...headers },
      redirect: 'manual',
    }); // the board's own form

  await waitForStart(yi());
  const before = await obligationView(stack.env.client, yi());
  const past = await post(`/board/o/${yi()}/extend`, { newDue: '2020-01-01', reason: '材料未齐' });
  expect(past.status).toBe(400);
  expect(alertOf(await past.text())).toBe('新的截止时间 2020-01-01 已经过去');
  for (const origin of ['http://elsewhere.example', 'null']) {
    const foreign = await post(`/board/o/${yi()}/extend`, { newDue: '2099-01-01', reason: '材料未齐' }, { origin });
    expect(foreign.status).toBe(403);
  }
  expect((await obligationView(stack.env.client, yi())).state).toEqual(before.state);

  const lb = await post(`/board/rounds/${stack.plan}.t1.cleanup/look-back`, {
    due: '2099-06-30',
    units: 'named',
    names: '乙局',
    plan: stack.plan,
  });
  expect(lb.status).toBe(302);
  expect(decodeURIComponent(lb.headers.get('location')!)).toBe(
    `/board?plan=${stack.plan}&msg=已发起回头看 ${stack.plan}.t1.cleanup.lb1：1 个单位，截止 ${chineseDate('2099-06-30')}`,
  );
  const round = await stack.env.client.workflow.getHandle(`${stack.plan}.t1.cleanup.lb1`).describe();
  await expect(round.staticSummary()).resolves.toContain(`${SUPERVISOR.name} 发起`);
  await waitForStart(`${stack.plan}.t1.cleanup-lb1.yi`);
  const lbView = await obligationView(stack.env.client, `${stack.plan}.t1.cleanup-lb1.yi`);
  expect(lbView.spec.duty).toBe('清理结果（回头看）');
  expect(lbView.state.timeline[0]).toMatchObject({ kind: 'opened', by: SUPERVISOR.name }); // who started the 回头看
  const xlsx = await fetch(`${stack.url}/board/ledger.xlsx?plan=${stack.plan}`, { headers: { cookie } });
  expect(xlsx.headers.get('content-disposition')).toContain(encodeURIComponent(`${stack.plan}-台账.xlsx`));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
  const ids = wb.getWorksheet('台账')!.getColumn(1).values.slice(2);
  expect([...ids].sort()).toEqual([`${stack.plan}.t1.cleanup-lb1.yi`, jia(), yi()]); // the 回头看 joins the plan's ledger
  expect((await fetch(`${stack.url}/board/ledger.xlsx`, { redirect: 'manual' })).status).toBe(302); // not without a login

  const unknown = await post(`/board/rounds/${stack.plan}.t1.cleanup/look-back`, { due: '2099-06-30', units: 'named', names: '丙局' });
  expect(decodeURIComponent(unknown.headers.get('location')!)).toBe('/board?error=回头看未发起：单位不在该轮次中：丙局');
});
