// Requests no form sends, refused in Chinese and in the client's format (a page for browsers, JSON for JSON
// clients), with nothing recorded and nothing in the server's log: a multipart body without its boundary or cut
// off midway, a JSON body to a portal route, ids of 1,100 to 20,000 characters in the path or the query, headers
// over 16 KB. And an attachment's name is stored without control or text-reordering characters, bounded.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { obligationView } from '../../client/operations';
import { MAX_ATTACHMENT_NAME_CHARS } from '../../domain/obligation/attachment-name';
import { startWebStack, SUPERVISOR, waitForDuty, WebStack } from '../helpers/web-stack';
import { boardCookie } from '../helpers/board-login';
import { alertOf, unitToken } from '../helpers/portal-page';

let stack: WebStack;
/** Everything the server wrote to its log (it logs with console.error) while these tests ran. */
const log: string[] = [];
let logSpy: jest.SpyInstance;
beforeAll(async () => {
  stack = await startWebStack('portal-malformed');
  // The web server's lines ([web] …) and any stack trace; the worker beside it in this process logs on its own.
  logSpy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    const line = args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ');
    if (line.startsWith('[web]') || /\n\s+at /.test(line)) log.push(line);
  });
}, 120_000);
afterAll(async () => {
  logSpy?.mockRestore();
  await stack?.stop();
});
afterEach(() => {
  // Nothing a unit sends puts a stack trace (or anything else) in the log.
  expect(log).toEqual([]);
});

const jia = () => `${stack.plan}.t1.cleanup.jia`;
const CJK = /[\u4e00-\u9fff]/;
const JSON_CLIENT = { accept: 'application/json' };

/** The answer as a browser (a page) and as a JSON client see it: status, and the Chinese message. */
async function answer(res: Response): Promise<{ status: number; type: string; message: string | undefined }> {
  const type = res.headers.get('content-type') ?? '';
  const body = await res.text();
  return {
    status: res.status,
    type,
    message: type.startsWith('application/json') ? (JSON.parse(body) as { error: string }).error : alertOf(body),
  };
}
const submitUrl = () => `${stack.url}/u/jia/o/${jia()}?t=${unitToken('jia')}`;

const waitForStart = (id: string) => waitForDuty(stack, id);

/** The obligation's submissions and timeline, and the report store's folders: what a refusal must leave as it was. */
async function recorded() {
  const { state } = await obligationView(stack.env.client, jia());
  const listing = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  return {
    submissions: state.submissions,
    timeline: state.timeline.filter((e) => e.kind !== 'reminder'), // the start's catch-up reminder may land meanwhile
    reports: listing(path.join(stack.dataDir, 'reports')).filter((f) => f !== '.staging'),
    staging: listing(path.join(stack.dataDir, 'reports', '.staging')),
  };
}

test('a multipart body without its boundary, or cut off midway, is a Chinese 400 and records nothing', async () => {
  await waitForStart(jia());
  const before = await recorded();
  const noBoundary = (headers: Record<string, string> = {}) =>
    fetch(submitUrl(), { method: 'POST', headers: { 'content-type': 'multipart/form-data', ...headers }, body: 'by=李四&text=报告' });
  expect(await answer(await noBoundary())).toEqual({
    status: 400,
    type: 'text/html; charset=utf-8',
    message: '提交的表单不完整或格式有误（可能是上传中断），未被接收，请重新提交。',
  });
  expect(await answer(await noBoundary(JSON_CLIENT))).toMatchObject({ status: 400, type: expect.stringMatching(/^application\/json/) });

  // A report whose attachment stops mid-file, the closing boundary never sent.
  const cut = [
    '--XYZ',
    'Content-Disposition: form-data; name="by"',
    '',
    '李四',
    '--XYZ',
    'Content-Disposition: form-data; name="text"',
    '',
    '报告正文',
    '--XYZ',
    'Content-Disposition: form-data; name="attachments"; filename="材料.pdf"',
    'Content-Type: application/pdf',
    '',
    `%PDF-1.4\n${' '.repeat(100_000)}`,
  ].join('\r\n');
  const truncated = await fetch(submitUrl(), {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
    body: cut,
  });
  expect(await answer(truncated)).toMatchObject({
    status: 400,
    message: '提交的表单不完整或格式有误（可能是上传中断），未被接收，请重新提交。',
  });
  expect(await recorded()).toEqual(before); // no submission, no stored report, no staged file left behind
});

test('a JSON body to a portal route is a Chinese 415, as a page or as JSON', async () => {
  const before = await recorded();
  const post = (headers: Record<string, string> = {}) =>
    fetch(submitUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ by: '李四', text: '报告' }),
    });
  expect(await answer(await post())).toEqual({
    status: 415,
    type: 'text/html; charset=utf-8',
    message: '不支持的提交格式：请从网页上的表单提交，未被接收。',
  });
  expect(await answer(await post(JSON_CLIENT))).toEqual({
    status: 415,
    type: 'application/json; charset=utf-8',
    message: '不支持的提交格式：请从网页上的表单提交，未被接收。',
  });
  const broken = await fetch(`${stack.url}/u/jia/o/${jia()}/acknowledge?t=${unitToken('jia')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...JSON_CLIENT },
    body: '{"by": "李',
  });
  expect(await answer(broken)).toEqual({
    status: 400,
    type: 'application/json; charset=utf-8',
    message: '提交的 JSON 格式有误，未被接收。',
  });
  expect(await recorded()).toEqual(before);
});

test.each([1_100, 5_000, 12_000, 20_000])('an id of %i characters in the path or the query is a Chinese 4xx', async (n) => {
  const long = 'a'.repeat(n);
  for (const p of [`/u/jia/o/${long}?t=${unitToken('jia')}`, `/u/${long}?t=${unitToken('jia')}`, `/board/o/${long}`, `/u/jia?t=${long}`]) {
    for (const headers of [{}, JSON_CLIENT]) {
      const seen = await answer(await fetch(`${stack.url}${p}`, { headers, redirect: 'manual' }));
      expect(seen.status === 302 || (seen.status >= 400 && seen.status < 500)).toBe(true); // the board without a login: to its login page
      if (seen.status === 302) continue;
      expect(seen.message).toMatch(CJK);
      // Over 16 KB the request's headers (its Accept among them) never arrive: the answer is the page.
      expect(seen.type).toMatch('accept' in headers && seen.status !== 431 ? /^application\/json/ : /^text\/html/);
    }
  }
});

/** A request written on a socket, as any client may send it; the whole answer as text. */
function rawRequest(text: string): Promise<string> {
  const { port } = new URL(stack.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

test('headers over 16 KB (a huge cookie, a 20,000-character URL) are a Chinese 431, as a page or as JSON', async () => {
  const page = await rawRequest(`GET /board HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nCookie: duban_board=${'x'.repeat(20_000)}\r\n\r\n`);
  expect(page).toMatch(/^HTTP\/1\.1 431 /);
  expect(page).toContain('Content-Type: text/html; charset=utf-8');
  expect(alertOf(page)).toBe('请求头过大（网址或 Cookie 过长），未被接收。请从通知邮件或督查看板中的链接进入。');
  const json = await rawRequest(`GET /board HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nCookie: ${'x'.repeat(20_000)}\r\n\r\n`);
  expect(json).toMatch(/^HTTP\/1\.1 431 /);
  expect(JSON.parse(json.slice(json.indexOf('\r\n\r\n') + 4))).toEqual({
    error: '请求头过大（网址或 Cookie 过长），未被接收。请从通知邮件或督查看板中的链接进入。',
  });
  const longUrl = await rawRequest(`GET /u/jia/o/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  expect(longUrl).toMatch(/^HTTP\/1\.1 431 /);
  expect(alertOf(longUrl)).toMatch(/^请求头过大/);
  // The server still answers afterwards.
  expect((await fetch(`${stack.url}/board/login`)).status).toBe(200);
});

test("an attachment's name is stored and shown without control or text-reordering characters, bounded", async () => {
  const f = new FormData();
  f.set('by', '李四');
  f.set('text', '清理结果报告。');
  const sent = `\u202e${'材料'.repeat(200)}\u0007fdp.pdf`;
  f.set('attachments', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024, 0x20)])]), sent);
  const res = await fetch(submitUrl(), { method: 'POST', body: f });
  expect(res.status).toBe(200);
  const { state } = await obligationView(stack.env.client, jia());
  const [stored] = state.submissions.at(-1)!.report!.attachments;
  expect(stored.filename).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
  expect([...stored.filename]).toHaveLength(MAX_ATTACHMENT_NAME_CHARS);
  expect(stored.filename).toMatch(/^材料材料.*\.pdf$/);

  // The board shows the bounded name.
  const cookie = await boardCookie(stack.url, SUPERVISOR);
  const board = await (await fetch(`${stack.url}/board/o/${jia()}`, { headers: { cookie } })).text();
  expect(board).toContain(stored.filename);
  expect(board).not.toContain('\u202e');
});
