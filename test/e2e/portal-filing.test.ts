// 合并报送: a unit files one report for two of its duties from the portal. Each duty gets its own receipt, both
// refer to the one stored report, and the attachment opens from either duty on the board. A filing one duty
// would refuse stores nothing and submits nothing; another unit's duty cannot be slipped in.
import crypto from 'node:crypto';
import { obligationView } from '../../client/operations';
import { startWebStack, SUPERVISOR, waitForDuty, WebStack } from '../helpers/web-stack';
import { boardCookie } from '../helpers/board-login';
import { receiptId } from '../../domain/obligation/ids';
import { alertOf, unitToken } from '../helpers/portal-page';
import { storedReportFiles } from '../helpers/stored-reports';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('portal-filing', { figures: true, secondTask: true });
}, 120_000);
afterAll(async () => stack?.stop());

const cleanup = (unit: string) => `${stack.plan}.t1.cleanup.${unit}`;
const training = (unit: string) => `${stack.plan}.t2.training.${unit}`;
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(32 * 1024), Buffer.from('\n%%EOF\n')]);

const waitForStart = (id: string) => waitForDuty(stack, id, 20_000);

function filing(unit: string, duties: string[], fields: Record<string, string>, attachment?: Buffer) {
  const form = new FormData();
  for (const d of duties) form.append('duty', d);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (attachment) form.set('attachments', new Blob([attachment]), '年度材料.pdf');
  return fetch(`${stack.url}/u/${unit}/file?t=${unitToken(unit)}`, { method: 'POST', body: form }).then(async (r) => ({
    status: r.status,
    body: await r.text(),
  }));
}

const reportFiles = () => storedReportFiles(stack.dataDir);

test('the unit page offers 合并报送, and its form lists every duty still owed with its figures', async () => {
  await Promise.all([cleanup('jia'), training('jia'), cleanup('yi'), training('yi')].map(waitForStart));
  const unitPage = await (await fetch(`${stack.url}/u/jia?t=${unitToken('jia')}`)).text();
  expect(unitPage).toContain('合并报送：一份报告报送多个事项');
  const form = await (await fetch(`${stack.url}/u/jia/file?t=${unitToken('jia')}`)).text();
  expect(form).toContain(`value="${cleanup('jia')}"`);
  expect(form).toContain(`value="${training('jia')}"`);
  expect(form).toContain(`name="figure:${cleanup('jia')}:cases"`);
  expect(form).toContain(`name="figure:${training('jia')}:hours"`);
  expect(form).not.toContain(cleanup('yi'));
});

test('a filing one duty refuses (a missing figure) stores and submits nothing', async () => {
  const before = reportFiles();
  const r = await filing(
    'jia',
    [cleanup('jia'), training('jia')],
    { by: '王五', text: '全年工作情况。', [`figure:${cleanup('jia')}:cases`]: '12' },
    pdf,
  );
  expect(r.status).toBe(400);
  expect(alertOf(r.body)).toBe('任务2“培训情况”：缺少指标数据：培训学时（学时）');
  expect(r.body).toContain('全年工作情况。'); // what was typed is kept in the form
  expect(reportFiles()).toEqual(before);
  for (const id of [cleanup('jia'), training('jia')]) expect((await obligationView(stack.env.client, id)).state.submissions).toEqual([]);
});

test("another unit's duty cannot be slipped into a filing", async () => {
  const r = await filing('jia', [cleanup('jia'), cleanup('yi')], { by: '王五', text: '全年工作情况。' });
  expect(r.status).toBe(403);
  expect(alertOf(r.body)).toBe('此链接不属于该单位，不能查看或报送其他单位的事项。');
  expect((await obligationView(stack.env.client, cleanup('yi'))).state.submissions).toEqual([]);
});

test('no duty chosen is a 400 with the reason', async () => {
  const r = await filing('jia', [], { by: '王五', text: '全年工作情况。' });
  expect(r.status).toBe(400);
  expect(alertOf(r.body)).toBe('请至少选择一个报送事项');
});

test('one report for two duties: two receipts, one stored report, the attachment opens from either duty', async () => {
  const r = await filing(
    'jia',
    [cleanup('jia'), training('jia')],
    {
      by: '王五',
      text: '全年工作情况：清理与培训均已完成。',
      [`figure:${cleanup('jia')}:cases`]: '12',
      [`figure:${training('jia')}:hours`]: '1,200',
    },
    pdf,
  );
  expect(r.status).toBe(200);
  expect(r.body).toContain(receiptId(cleanup('jia'), 1));
  expect(r.body).toContain(receiptId(training('jia'), 1));

  const a = (await obligationView(stack.env.client, cleanup('jia'))).state.submissions[0];
  const b = (await obligationView(stack.env.client, training('jia'))).state.submissions[0];
  expect([a.receipt, b.receipt]).toEqual([receiptId(cleanup('jia'), 1), receiptId(training('jia'), 1)]);
  expect(a.by).toBe('王五（甲局）');
  expect(a.figures).toEqual({ cases: 12 });
  expect(b.figures).toEqual({ hours: 1200 });
  // The same stored report behind both receipts.
  expect(b.report!.path).toBe(a.report!.path);
  expect(await stack.reports.textOf(b.report!)).toBe('全年工作情况：清理与培训均已完成。');

  const cookie = await boardCookie(stack.url, SUPERVISOR);
  const sha = crypto.createHash('sha256').update(pdf).digest('hex');
  for (const id of [cleanup('jia'), training('jia')]) {
    const download = await fetch(`${stack.url}/board/o/${id}/attachments/${sha}`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  }

  // Filed again: both duties now await review, and the refusal says so for each.
  const again = await filing('jia', [cleanup('jia'), training('jia')], { by: '王五', text: '再报一次。' });
  expect(again.status).toBe(409);
  expect(alertOf(again.body)).toContain(`任务1“清理结果”：已报送（回执 ${receiptId(cleanup('jia'), 1)}），等待审核，不能重复报送`);
});
