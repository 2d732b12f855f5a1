// What `npm start` leaves on disk: a fresh data folder readable by this OS user only (0700, every file
// 0600: SQLite files, mail, delivery log, SMS log, reports, secrets), a payload key generated into its
// secrets, a Temporal database in which a submitted report and the units' contacts cannot be read, and
// the Web UI pointed at the portal's codec routes (with the codec secret: a request without it is refused).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban, Launched, waitForGroupGone } from '../helpers/processes';
import { dueToday } from '../helpers/due-today';
import { writeOneTaskPlan } from '../helpers/one-task-plan';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';
import { receiptId } from '../../domain/obligation/ids';

// Ports of their own: other end-to-end tests and the start benchmark use 1xxxx and 2xxxx.
const PORT = 25233;
const UI_PORT = 25234;
const WEB_PORT = 25080;
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-folder-'));
const dataDir = path.join(parent, 'data'); // does not exist yet: npm start creates it
const TEXT = '清理工作已完成，涉密附表另行报送（数据目录测试）';
const launched: Launched[] = [];
let stack: Launched;

afterAll(async () => {
  await stopLeftovers(dataDir, launched);
  fs.rmSync(parent, { recursive: true, force: true });
});

/** Every folder and file under `dir` with its permission bits. */
function modes(dir: string, out: Record<string, string> = {}): Record<string, string> {
  out[path.relative(dataDir, dir) || '.'] = (fs.statSync(dir).mode & 0o777).toString(8);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) modes(p, out);
    else out[path.relative(dataDir, p)] = (fs.statSync(p).mode & 0o777).toString(8);
  }
  return out;
}

test('npm start creates the data folder 0700 with files 0600, and the Temporal database holds no report text or contact', async () => {
  // A one-task plan due tonight: the first reminder goes out at once (mail, SMS log, delivery log).
  const due = dueToday(); // the first reminder goes at once (see due-today)
  const plan = writeOneTaskPlan(parent, 'folder', '数据目录测试方案', due);
  const ports = { temporal: PORT, ui: UI_PORT, metrics: 31464, mailSmtp: 31025, mailWeb: 31080, web: WEB_PORT };
  // No payload key or SMS provider of the developer's either: npm start generates the key in the data folder.
  const noKeyOrSms = Object.fromEntries(
    ['DUBAN_PAYLOAD_KEY', 'DUBAN_PAYLOAD_KEY_ID', 'DUBAN_PAYLOAD_ENCRYPTION', 'DUBAN_SMS_PROVIDER'].map((n) => [n, '']),
  );
  const env = startEnv(dataDir, ports, { DUBAN_PLAN: plan, DUBAN_DIGEST_WAIT_MS: '200', ...noKeyOrSms });
  stack = await startUntilReady(env, launched, '指南：');
  expect(stack.output()).toContain('DUBAN_PAYLOAD_KEY 未在环境中设置');

  // The CLI beside it (same data folder) finds the generated key and submits a report in the unit's name.
  const year = due.year;
  const cli = { TEMPORAL_ADDRESS: `127.0.0.1:${PORT}`, DUBAN_DATA_DIR: dataDir, DUBAN_PAYLOAD_KEY: '', DUBAN_PAYLOAD_ENCRYPTION: '' };
  const id = `folder-${year}.t1.cleanup.jia`;
  let submitted = await duban(['submit', id, '--by', '甲局 王某某', '--text', TEXT], cli);
  for (let i = 0; i < 60 && submitted.code !== 0; i++) {
    await new Promise((r) => setTimeout(r, 500)); // the plan's obligations are being started
    submitted = await duban(['submit', id, '--by', '甲局 王某某', '--text', TEXT], cli);
  }
  expect(submitted.stderr).toBe('');
  expect(submitted.stdout).toContain(`回执编号 ${receiptId(id, 1)}`);
  const status = await duban(['status', '--unit', '甲局', '--json'], cli);
  expect(status.stdout).toContain('submitted');

  // The notice went out: mail in the inbox folder, a line in the SMS log, the delivery log written.
  for (
    let i = 0;
    i < 120 &&
    !(fs.existsSync(path.join(dataDir, 'sms.log')) && fs.readdirSync(path.join(dataDir, 'mail')).some((f) => f.endsWith('.eml')));
    i++
  )
    await new Promise((r) => setTimeout(r, 500));

  // The Web UI was started with the portal's codec routes as its codec server, the generated codec secret in
  // the endpoint: the UI's own request (from its origin, to that endpoint) decodes; one without it is refused.
  const codecSecret = (JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>).DUBAN_CODEC_TOKEN;
  expect(codecSecret.length).toBeGreaterThanOrEqual(32);
  const settings = (await (await fetch(`http://127.0.0.1:${UI_PORT}/api/v1/settings`)).json()) as { Codec?: { Endpoint?: string } };
  expect(settings.Codec?.Endpoint).toBe(`http://localhost:${WEB_PORT}/codec/${codecSecret}`);
  const codecCall = (endpoint: string, op: string, payloads: unknown[]) =>
    fetch(`${endpoint}/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: `http://localhost:${UI_PORT}` },
      body: JSON.stringify({ payloads }),
    });
  const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"督办"').toString('base64') };
  const sealed = ((await (await codecCall(settings.Codec!.Endpoint!, 'encode', [plain])).json()) as { payloads: unknown[] }).payloads;
  const opened = await codecCall(settings.Codec!.Endpoint!, 'decode', sealed);
  expect(opened.status).toBe(200);
  expect(((await opened.json()) as { payloads: unknown[] }).payloads).toEqual([plain]);
  const refused = await codecCall(`http://localhost:${WEB_PORT}/codec`, 'decode', sealed);
  expect(refused.status).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toMatch(/^需要授权/);
  expect(stack.output()).not.toContain(codecSecret);

  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  // npm may exit before the stack has stopped its services (the dev server last writes its database).
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);

  const found = modes(dataDir);
  for (const f of ['temporal.db', 'secrets.json', 'board-users.yaml', 'board-initial-password.txt', 'delivery.db', 'sms.log'])
    expect(found).toHaveProperty([f]);
  expect(Object.keys(found).some((f) => f.startsWith('mail/') && f.endsWith('.eml'))).toBe(true);
  expect(Object.keys(found).some((f) => f.startsWith('reports/') && f.endsWith('.json'))).toBe(true); // the stored report
  const wrong = Object.entries(found).filter(([f, m]) => m !== (fs.statSync(path.join(dataDir, f)).isDirectory() ? '700' : '600'));
  expect(wrong).toEqual([]);

  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
  expect(Buffer.from(secrets.DUBAN_PAYLOAD_KEY, 'base64')).toHaveLength(32);
  expect(stack.output()).not.toContain(secrets.DUBAN_PAYLOAD_KEY);

  // The database (and its write-ahead log) hold neither the report nor the contacts the obligations carry.
  const db = Buffer.concat(
    ['temporal.db', 'temporal.db-wal']
      .filter((f) => fs.existsSync(path.join(dataDir, f)))
      .map((f) => fs.readFileSync(path.join(dataDir, f))),
  );
  for (const secret of [TEXT, '甲局 王某某', 'jia@example.org', '19900000011']) expect(db.includes(Buffer.from(secret))).toBe(false);
  expect(db.includes(Buffer.from('binary/encrypted'))).toBe(true);
}, 420_000);
