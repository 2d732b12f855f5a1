// 签收 through the portal against the real dev server: opening the link acknowledges nothing, bad bodies are
// 400s that record nothing, fifty people pressing 签收 at once give one acknowledgement (the rest 409), and the
// board and the ledger XLSX show who acknowledged and when.
import { chineseDateTime } from '../../domain/notices/format';
import ExcelJS from 'exceljs';
import { signLink } from '../../store/links/signed-links';
import { obligationView } from '../../client/operations';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { boardCookie } from '../helpers/board-login';
import { alertOf, unitToken } from '../helpers/portal-page';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('portal-acknowledge');
}, 120_000);
afterAll(async () => stack?.stop());

const jia = () => `${stack.plan}.t1.cleanup.jia`;
const token = unitToken('jia');
const state = async () => (await obligationView(stack.env.client, jia())).state;
const post = async (body: string | URLSearchParams, type = 'application/x-www-form-urlencoded', unit = 'jia', t = token) => {
  const res = await fetch(`${stack.url}/u/${unit}/o/${jia()}/acknowledge?t=${t}`, {
    method: 'POST',
    body,
    headers: { 'content-type': type },
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
};

async function waitFor(check: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await check().catch(() => false)); i++) await new Promise((r) => setTimeout(r, 100));
}

test('the link alone acknowledges nothing; bad bodies are refused with 400 and a Chinese reason', async () => {
  await waitFor(async () => !!(await state()));
  const page = await fetch(`${stack.url}/u/jia/o/${jia()}?t=${token}`).then((r) => r.text());
  expect(page).toContain('签收人姓名');
  const list = await fetch(`${stack.url}/u/jia?t=${token}`).then((r) => r.text());
  expect(list).toContain('<td class="ack">未签收</td>');
  expect((await state()).acknowledged).toBeUndefined();

  const bad = await Promise.all([
    post(new URLSearchParams({ by: '  ' })),
    post(new URLSearchParams({ by: '王'.repeat(61) })),
    post(new URLSearchParams({ by: '王'.repeat(65) })),
    post('by=a&by=b'),
    post(JSON.stringify({ by: 5 }), 'application/json'),
    post(JSON.stringify([]), 'application/json'),
  ]);
  expect(bad.map((r) => [r.status, alertOf(r.body)])).toEqual([
    [400, '请填写签收人姓名'],
    [400, '签收人姓名不能超过 60 个字'], // 64 with the unit's name appended
    [400, '签收人姓名不能超过 64 个字'],
    [400, '签收人姓名应为文字'],
    [400, '签收人姓名应为文字'],
    [400, '请求格式有误，应为表单'],
  ]);
  expect((await post(new URLSearchParams({ by: '李四' }), undefined, 'yi')).status).toBe(403); // another unit's page
  const forged = signLink({ unit: 'jia', exp: Math.floor(Date.now() / 1000) + 3600 }, 'another-secret-0123456789abcdef');
  expect((await post(new URLSearchParams({ by: '李四' }), undefined, 'jia', forged)).status).toBe(403);
  const s = await state();
  expect(s.acknowledged).toBeUndefined();
  expect(s.timeline.map((e) => e.kind)).not.toContain('acknowledged');
});

test('50 identical acknowledgements at once: one counts, 49 are refused with who acknowledged first', async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, () => post(new URLSearchParams({ by: '李四' }))));
  const ok = answers.filter((a) => a.status === 303);
  expect(ok).toHaveLength(1);
  expect(ok[0].location).toBe(`/u/jia/o/${encodeURIComponent(jia())}?t=${encodeURIComponent(token)}`);
  const refused = answers.filter((a) => a.status !== 303);
  expect(refused.map((a) => a.status)).toEqual(Array(49).fill(409));
  expect(refused.map((a) => alertOf(a.body) ?? a.body).filter((m) => !/^已于 .+ 由 李四（甲局） 签收，无需重复签收$/.test(m))).toEqual([]);

  const s = await state();
  expect(s.acknowledged).toMatchObject({ by: '李四（甲局）' });
  expect(s.timeline.filter((e) => e.kind === 'acknowledged')).toHaveLength(1);
  expect(s.stage).toBe('open'); // acknowledging does not replace reporting

  // The duty's page now says who acknowledged and when, and offers no 签收 form; the report form is still there.
  const page = await fetch(`${stack.url}${ok[0].location}`).then((r) => r.text());
  expect(page).toMatch(/id="acknowledged">已签收（李四（甲局），\d{4}年\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}）</);
  expect(page).not.toContain('/acknowledge?');
  expect(page).toContain('提交报告');
});

test('the board and the ledger XLSX carry the acknowledgement', async () => {
  const cookie = await boardCookie(stack.url, SUPERVISOR);
  const acked = (await state()).acknowledged!;
  // The round hears of it by signal: read the board until it has.
  let board = '';
  await waitFor(async () => {
    board = await fetch(`${stack.url}/board`, { headers: { cookie } }).then((r) => r.text());
    return board.includes(`data-ack="${acked.at}"`);
  });
  expect(board).toContain(`data-ack="${acked.at}"`);
  expect(board).toMatch(/未签收 <strong id="count-unacknowledged">1<\/strong>/); // 乙局 has not
  const obligation = await fetch(`${stack.url}/board/o/${jia()}`, { headers: { cookie } }).then((r) => r.text());
  expect(obligation).toMatch(/<span id="acknowledged">已签收（李四（甲局），/);

  const xlsx = await fetch(`${stack.url}/board/ledger.xlsx?plan=${stack.plan}`, { headers: { cookie } });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
  const sheet = book.getWorksheet('台账')!;
  const header = (sheet.getRow(1).values as unknown[]).map(String);
  const col = (name: string) => header.indexOf(name);
  const rowOf = (id: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
  expect(rowOf(jia()).getCell(col('签收时间')).value).toBe(chineseDateTime(acked.at)); // as people read dates, e.g. 2026年12月7日（星期一）19:19
  expect(rowOf(jia()).getCell(col('签收人')).value).toBe('李四（甲局）');
  expect(rowOf(`${stack.plan}.t1.cleanup.yi`).getCell(col('签收时间')).value).toBe('');
});
