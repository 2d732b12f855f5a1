// Fifty people press 提交 on one duty at once, with the same attachment: exactly one report lands, every other
// request is refused without a server error, and every file the receipt names can be downloaded from the board.
import crypto from 'node:crypto';
import { obligationView } from '../../client/operations';
import { startWebStack, SUPERVISOR, WebStack } from '../helpers/web-stack';
import { boardCookie } from '../helpers/board-login';
import { receiptId } from '../../domain/obligation/ids';
import { unitToken } from '../helpers/portal-page';

let stack: WebStack;
beforeAll(async () => {
  stack = await startWebStack('concurrent-submits');
}, 120_000);
afterAll(async () => stack?.stop());

const jia = () => `${stack.plan}.t1.cleanup.jia`;
const token = unitToken('jia');
// A small but real PDF: the header and trailer a reader (and a type check) looks for.
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(64 * 1024), Buffer.from('\n%%EOF\n')]);

test('50 identical submissions at once: one submission, every answer its receipt; another report is refused; the attachment downloadable', async () => {
  for (
    let i = 0;
    i < 100 &&
    !(await obligationView(stack.env.client, jia()).then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  const submit = async (text = '清理工作已完成，附清理结果。') => {
    const form = new FormData();
    form.set('by', '李四');
    form.set('text', text);
    form.set('attachments', new Blob([pdf]), '清理结果.pdf');
    const res = await fetch(`${stack.url}/u/jia/o/${jia()}?t=${token}`, { method: 'POST', body: form });
    return { status: res.status, body: await res.text() };
  };
  const answers = await Promise.all(Array.from({ length: 50 }, () => submit()));

  // The same report sent again (a double click, a retry after 系统繁忙) is the same submission: each answer is
  // its receipt, and it is counted once (below).
  expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
  for (const a of answers) expect(a.body).toContain(`<strong id="receipt">${receiptId(jia(), 1)}</strong>`);
  // A different report while the first awaits review is refused.
  const other = await submit('另一份报告。');
  expect(other.status).toBe(409);
  expect(other.body).toMatch(/已报送/);

  const { state } = await obligationView(stack.env.client, jia());
  expect(state.submissions).toHaveLength(1);
  const [file] = state.submissions[0].report!.attachments;
  expect(file.sha256).toBe(crypto.createHash('sha256').update(pdf).digest('hex'));

  const cookie = await boardCookie(stack.url, SUPERVISOR);
  const download = await fetch(`${stack.url}/board/o/${jia()}/attachments/${file.sha256}`, { headers: { cookie } });
  expect(download.status).toBe(200);
  expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  // The stored report itself is there too, and it is the text that was typed.
  expect(await stack.reports.textOf(state.submissions[0].report!)).toBe('清理工作已完成，附清理结果。');
});
