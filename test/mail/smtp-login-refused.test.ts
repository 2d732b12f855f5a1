// A mail server that refuses duban's login (an expired password: 535 5.7.8; no login at all: 530 5.7.0) is an
// outage the operator mends, not a refusal of the notice: the notice stays queued, the worker's log says in
// Chinese what to check, the SMS of the same batch goes out meanwhile, and once the password works again the
// mail goes out, once. Only a refused recipient (550 at RCPT TO) is permanent. A real SMTP server that demands a
// login, the SQLite outbox and the file SMS provider.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DateTime } from 'luxon';
import { DigestingSink, RetryPacing } from '../../activities/channels/digest-sink';
import { OutboxSender } from '../../activities/channels/outbox-sender';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { smtpTrouble } from '../../activities/mail/smtp-refusal';
import { FileSmsProvider } from '../../activities/sms/providers';
import { SmsNoticeSink } from '../../activities/sms/sms-sink';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SqliteOutbox } from '../../store/local/outbox';
import type { OutboxTelling } from '../../store/outbox';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { planRunSpec } from '../../domain/obligation/spec';
import { loadShipped } from '../helpers/plan-files';

const spec = planRunSpec(loadShipped())
  .rounds.flatMap((r) => r.obligations)
  .find((o) => o.id === 'jiangmen-2024.t16.rectify.heshan')!;
const state = initialState(spec, DateTime.fromISO('2024-10-01T00:00+08:00').toMillis());
const notice = (key: string): Notice =>
  buildNotice(spec, state, { step: 'reminder', key, at: '2024-10-14T09:00:00+08:00' }, `${spec.id}/20241020.${key}`);
const FAST: RetryPacing = { initialMs: 50, maxMs: 200, stallAfter: 1000 };

/** The account's password as the server knows it: the operator fixes it by setting it back. */
let accountPassword = 'changed-by-it';
let accepted = 0;
let authFailures = 0;
const server = new SMTPServer({
  authOptional: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  logger: false,
  onAuth: (auth, _session, cb) => {
    if (auth.username === 'duban' && auth.password === accountPassword) return cb(null, { user: 'duban' });
    authFailures++;
    cb(new Error('Invalid username or password')); // smtp-server answers 535 5.7.8
  },
  onData: (stream, _session, cb) => {
    stream.resume();
    stream.on('end', () => {
      accepted++;
      cb();
    });
  },
});
let port = 0;
let dir = '';

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-smtp-login-'));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const waitUntil = async (ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  for (const until = Date.now() + ms; Date.now() < until && !(await ok());) await new Promise((r) => setTimeout(r, 20));
};

test('a refused login keeps the notice queued and says so; the SMS goes out meanwhile; the mail goes once the password works', async () => {
  const log = new SqliteDeliveryLog(':memory:');
  const mailer = new Mailer({ url: `smtp://duban:old-password@127.0.0.1:${port}`, from: '江门市司法局 <duban@example.org>' }, log);
  const smsFile = path.join(dir, 'sms.log');
  const outbox = new SqliteOutbox(log.db);
  const sink = new DigestingSink({
    outbox,
    channels: [
      new MailNoticeSink({ mailer, context: { contact: '市司法局', issuer: '江门市司法局' } }),
      new SmsNoticeSink({ provider: new FileSmsProvider(smsFile), log, signature: '江门市司法局' }),
    ],
    waitMs: 50,
    pacing: FAST,
  });
  const told: OutboxTelling[] = [];
  const warnings: string[] = [];
  const sender = new OutboxSender({ outbox, sink, tell: async (t) => void told.push(t), pollMs: 20, warn: (m) => warnings.push(m) });
  const n = notice('remind-7');
  expect(sink.route(n).channels).toEqual(['email', 'sms']);
  sender.start();
  try {
    await sink.queue(n, spec.id);

    // The password is wrong: the login is refused again and again, the SMS went out once, nothing is refused for good.
    await waitUntil(() => authFailures >= 3 && fs.existsSync(smsFile));
    expect(authFailures).toBeGreaterThanOrEqual(3);
    expect(fs.readFileSync(smsFile, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(warnings[0]).toContain('邮件服务器拒绝登录或发信（535');
    expect(warnings[0]).toContain('请检查 SMTP_URL 中的账号、密码与发件人设置；通知留在队列中，修正后自动补发');
    // Still queued: between attempts the row is back to pending (during an attempt the sender holds it as claimed).
    await waitUntil(async () => (await outbox.row(n.key))?.state === 'pending');
    expect((await outbox.row(n.key))?.state).toBe('pending');
    expect(told).toEqual([]);
    expect(await log.count('failed')).toBe(0);

    // The password works again: the mail goes out once, the SMS is not sent a second time.
    accountPassword = 'old-password';
    await waitUntil(async () => (await outbox.row(n.key))?.state === 'sent');
    expect((await outbox.row(n.key))?.state).toBe('sent');
    await new Promise((r) => setTimeout(r, 300)); // a few more polls: nothing else goes out
    expect(accepted).toBe(1);
    expect(fs.readFileSync(smsFile, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(told).toEqual([]);
  } finally {
    // also when an assertion fails: a sender left polling keeps jest from exiting
    await sender.stop();
    mailer.close();
    log.close();
  }
});

test('no login where the server demands one (530) is configuration trouble too; a refused recipient is permanent', async () => {
  const log = new SqliteDeliveryLog(':memory:');
  const mailer = new Mailer({ url: `smtp://127.0.0.1:${port}`, from: '江门市司法局 <duban@example.org>' }, log);
  const err = await mailer
    .send({ key: 'k-530', to: [{ name: '鹤山市', address: 'heshan@example.org' }], subject: '提醒', text: '提醒', html: '<p>提醒</p>' })
    .then(
      () => undefined,
      (e: Error & { nonRetryable?: boolean }) => e,
    );
  expect(err?.name).toBe('SmtpConfigurationError');
  expect(err?.message).toContain('邮件服务器拒绝登录或发信（530');
  expect(err?.nonRetryable).toBeUndefined();
  expect(await log.count('failed')).toBe(0);
  mailer.close();
  log.close();
  // What each answer means, as nodemailer reports it.
  expect(smtpTrouble({ code: 'EAUTH', command: 'AUTH PLAIN', responseCode: 535, message: 'Invalid login: 535 5.7.8 Error' })).toBe(
    'configuration',
  );
  expect(
    smtpTrouble({
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      message: "Can't send mail - all recipients were rejected: 550 5.7.1 Relaying denied",
    }),
  ).toBe('configuration');
  expect(
    smtpTrouble({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, message: '550 5.1.1 <x@example.org>: mailbox unavailable' }),
  ).toBe('recipient-refused');
  expect(smtpTrouble({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toBe('transient');
  expect(smtpTrouble({ code: 'EMESSAGE', command: 'DATA', responseCode: 451, message: '451 try again later' })).toBe('transient');
});
