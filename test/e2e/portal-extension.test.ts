// 延期申请 end to end against the real dev server, SMTP test server and headless Chromium: bad applications are
// 4xx with a Chinese reason and record nothing; the unit applies from its duty page with an attachment; the
// supervisor is mailed at once, sees the application on the board, opens the attachment and approves another date;
// the unit's page shows the new deadline at once, while the decision's mail waits for the next office hour (its
// delivery then is tested on the time-skipping server); a refusal from the board needs a reason.
import fs from 'node:fs';
import { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { obligationView } from '../../client/operations';
import { ZONE } from '../../domain/calendar/time';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { fillLogin } from '../helpers/board-login';
import { chineseDate, chineseDateTime } from '../../domain/notices/format';
import { alertOf, unitToken } from '../helpers/portal-page';
import { launchChromium } from '../helpers/browser';

let stack: WebStack;
let browser: Browser;
beforeAll(async () => {
  stack = await startWebStack('portal-extension');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const jia = () => `${stack.plan}.t1.cleanup.jia`;
const token = unitToken('jia');
const state = async () => (await obligationView(stack.env.client, jia())).state;
const dayAfterDue = (days: number) => DateTime.fromISO(stack.due, { zone: ZONE }).plus({ days }).toISODate()!;
const apply = async (fields: Record<string, string>, file?: { name: string; content: string }) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('attachment', new Blob([file.content]), file.name);
  const res = await fetch(`${stack.url}/u/jia/o/${jia()}/extension?t=${token}`, { method: 'POST', body: form, redirect: 'manual' });
  return { status: res.status, body: await res.text() };
};
async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 150 && !(await check().catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
}

test('bad applications are refused with a Chinese reason and record nothing', async () => {
  await waitFor(async () => !!(await state()));
  const ok = { by: '李四', reason: '需补充材料', requestedDue: dayAfterDue(5) };
  const bad = [
    await apply({ ...ok, by: ' ' }),
    await apply({ ...ok, reason: '' }),
    await apply({ ...ok, requestedDue: stack.due }),
    await apply({ ...ok, requestedDue: dayAfterDue(31) }),
    await apply(ok, { name: '说明.exe', content: 'MZ' }),
  ];
  expect(bad.map((r) => [r.status, alertOf(r.body)])).toEqual([
    [400, '请填写申请人姓名'],
    [400, '申请延期须说明理由'],
    [400, `申请延至的日期应晚于现截止时间 ${chineseDateTime(`${stack.due}T23:59:59+08:00`)}`],
    [400, `延期最长 30 天，申请延至的日期不能晚于 ${chineseDate(dayAfterDue(30))}`],
    [400, '不支持的附件类型 .exe，可上传：.pdf .doc .docx .xls .xlsx .ofd .jpg .jpeg .png .zip'],
  ]);
  const forged = unitToken('yi');
  const other = await fetch(`${stack.url}/u/jia/o/${jia()}/extension?t=${forged}`, { method: 'POST', body: new FormData() });
  expect(other.status).toBe(403); // another unit's link
  expect((await state()).extensions).toBeUndefined();
}, 60_000);

test('apply from the portal with an attachment; approve another date from the board; the unit sees the new deadline', async () => {
  const unit = await browser.newPage();
  await unit.goto(`${stack.url}/u/jia/o/${jia()}?t=${token}`);
  await unit.fill('#extension input[name=by]', '李四');
  await unit.fill('#extension textarea[name=reason]', '清理范围扩大，需各科室补充材料');
  await unit.fill('#extension input[name=requestedDue]', dayAfterDue(10));
  await unit.setInputFiles('#extension input[name=attachment]', {
    name: '延期说明.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4 延期说明'),
  });
  await unit.click('#extension button[type=submit]');
  await expect(unit.textContent('.ext.pending')).resolves.toContain('待审批：李四（甲局）');
  await expect(unit.textContent('.ext.pending')).resolves.toContain('（附件：延期说明.pdf）');
  // A second application while this one is pending: no form, and a direct post is a 409.
  await expect(unit.locator('#extension form').count()).resolves.toBe(0);
  const again = await apply({ by: '李四', reason: '再申请', requestedDue: dayAfterDue(3) });
  expect([again.status, alertOf(again.body)]).toEqual([409, expect.stringMatching(/正在审批，请勿重复申请$/)]);

  // The unit's list of duties shows it too, once the round has heard of it.
  let list = '';
  await waitFor(async () => (list = await fetch(`${stack.url}/u/jia?t=${token}`).then((r) => r.text())).includes('延期申请待审批'));
  expect(list).toContain('延期申请待审批（申请延至');

  // The supervisor (督查科长) is mailed at once; the deadline has not moved.
  await waitFor(async () => stack.smtp.inbox('sfj-s@example.org').some((m) => /延期申请/.test(m.subject ?? '')));
  const toSupervisor = stack.smtp.inbox('sfj-s@example.org').find((m) => /延期申请/.test(m.subject ?? ''))!;
  expect(toSupervisor.text).toContain('李四（甲局）第1次申请延期至');
  expect((await state()).due.slice(0, 10)).toBe(stack.due);

  const board = await browser.newPage();
  await board.goto(`${stack.url}/board/login`);
  await fillLogin(board, SUPERVISOR);
  for (let i = 0; i < 50 && (await board.textContent('#count-extensions')) !== '1'; i++) {
    await board.waitForTimeout(200);
    await board.reload();
  }
  await expect(board.textContent('table.extensions')).resolves.toContain(chineseDate(dayAfterDue(10)));
  await board.click('table.extensions a');
  await expect(board.inputValue('#extension input[name=due]')).resolves.toBe(dayAfterDue(10)); // prefilled
  const download = await board.request.get(await board.getAttribute('#extension a', 'href').then((h) => `${stack.url}${h}`));
  expect((await download.body()).toString()).toBe('%PDF-1.4 延期说明');
  await board.fill('#extension input[name=due]', dayAfterDue(7));
  await board.click('#extension form[action$="/approve"] button');
  await expect(board.textContent('[role=status]')).resolves.toBe(`已批准延期申请，截止时间延至 ${chineseDate(dayAfterDue(7))}`);
  await expect(board.textContent('table.timeline')).resolves.toContain('批准第1次延期申请；截止由');

  // The unit's page shows the new deadline and the decision at once; the decision's mail is held for the next
  // office hour (the plan's 00:00 on the next working day), not sent at whatever hour the bureau decided.
  await unit.reload();
  await expect(unit.textContent('.ext.decided')).resolves.toContain('第1次延期申请已批准');
  const s = await state();
  expect(s.due.slice(0, 10)).toBe(dayAfterDue(7));
  await expect(unit.textContent('p.meta')).resolves.toContain(s.due.slice(0, 4) + '年');
  expect(s.timeline.filter((e) => e.kind.startsWith('extension-') && e.kind.endsWith('-notice')).map((e) => e.note)).toEqual([
    'ext-1-applied',
  ]);
  expect(stack.smtp.inbox('jia@example.org').filter((m) => /延期申请审批结果/.test(m.subject ?? ''))).toEqual([]);
}, 120_000);

test('refuse from the board: a reason is required (400); then the refusal is recorded and its deadline stays', async () => {
  const due = (await state()).due;
  const next = DateTime.fromISO(due, { zone: ZONE }).plus({ days: 3 }).toISODate()!;
  expect((await apply({ by: '李四', reason: '再需三天', requestedDue: next })).status).toBe(303);
  const login = await fetch(`${stack.url}/board/login`, {
    method: 'POST',
    body: new URLSearchParams({ username: SUPERVISOR.username, password: SUPERVISOR.password }),
    headers: { origin: stack.url },
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const refuse = (reason: string) =>
    fetch(`${stack.url}/board/o/${jia()}/extension/refuse`, {
      method: 'POST',
      body: new URLSearchParams({ reason }),
      headers: { cookie, origin: stack.url },
      redirect: 'manual',
    });
  const empty = await refuse(' ');
  expect([empty.status, alertOf(await empty.text())]).toEqual([400, '不予批准须说明理由']);
  expect((await refuse('时限不能再推迟')).status).toBe(302);
  const s = await state();
  expect(s.due).toBe(due);
  expect(s.extensions?.map((e) => e.decision?.approved)).toEqual([true, false]);
  expect(s.timeline.at(-1)).toMatchObject({ kind: 'extension-refused', note: '第2次延期申请不予批准：时限不能再推迟' });
  // The supervisor heard of the second application at once; the unit's mail of either decision waits for office hours.
  await waitFor(async () => (await state()).timeline.some((e) => e.note === 'ext-2-applied'));
  expect(stack.smtp.inbox('jia@example.org').filter((m) => /延期申请审批结果/.test(m.subject ?? ''))).toEqual([]);
  // The plan's cap (2 per duty) is reached: the page offers no form and a post is a 409.
  const again = await apply({ by: '李四', reason: '第三次', requestedDue: next }, { name: '说明.pdf', content: '%PDF-1.4 第三次' });
  expect([again.status, alertOf(again.body)]).toEqual([409, '每个报送事项最多申请延期 2 次，已达上限']);
  // The refused upload is not left behind (removed just after the answer is sent).
  await waitFor(async () => fs.readdirSync(stack.reports.stagingDir).length === 0);
  expect(fs.readdirSync(stack.reports.stagingDir)).toEqual([]);
}, 120_000);
