// Digests keep everyone a notice copies. On the third working day after 2024-05-31, task 14's May report is
// escalated (督办) for all 17 municipal law-enforcement departments at the same 09:00, to the same supervisor at
// 市司法局, each copying its own unit's contact and leader. Every one of those 34 people must be told, in a mail
// that names their unit, and the delivery log must say for each notice whom it reached, even when a worker dies
// halfway through the batch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { ParsedMail, AddressObject } from 'mailparser';
import { DigestingSink } from '../../activities/channels/digest-sink';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mail, Mailer } from '../../activities/mail/mailer';
import { SqliteOutbox } from '../../store/local/outbox';
import { SmsNoticeSink } from '../../activities/sms/sms-sink';
import * as life from '../../domain/obligation/lifecycle';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { ObligationSpec, planRunSpec } from '../../domain/obligation/spec';
import type { LadderStepName } from '../../domain/calendar/ladder';
import { TestSmtp } from '../helpers/smtp';
import { loadShipped } from '../helpers/plan-files';
import { RecordingSms } from '../helpers/recording-sms';

const run = planRunSpec(loadShipped());

/** Runs an obligation on which nothing is ever submitted up to the first `step` of its ladder: that notice. */
function noticeAt(spec: ObligationSpec, step: LadderStepName): Notice {
  let nowMs = DateTime.fromISO(spec.opens).toMillis();
  const state = life.initialState(spec, nowMs);
  for (;;) {
    const w = life.nextWakeup(state, spec, nowMs)!;
    nowMs = w.atMs;
    if (w.kind === 'due') life.markOverdue(state, nowMs);
    else if (w.kind === 'yellow') life.touch(state, nowMs);
    else if (w.kind !== 'step') throw new Error(`unexpected wake-up ${w.kind}`);
    else if (w.step.step === step)
      return buildNotice(spec, state, { step: w.step.step, key: w.step.key, at: w.step.at }, `${spec.id}/${w.key}`);
    else life.markStepSent(state, w, [], nowMs);
  }
}

const may = run.rounds.find((r) => r.round === 'jiangmen-2024.t14.may')!.obligations;
const duban = may.map((o) => noticeAt(o, '督办'));
const supervisor = duban[0].to[0];

/** A mailer whose worker dies after `lives` messages: the next send never returns. */
class DyingMailer extends Mailer {
  constructor(
    private lives: number,
    ...args: ConstructorParameters<typeof Mailer>
  ) {
    super(...args);
  }
  override async send(mail: Mail) {
    if (this.lives-- <= 0) return new Promise<never>(() => {});
    return super.send(mail);
  }
}

const FROM = '江门市司法局 <duban@example.org>';
const context = { contact: '市司法局行政执法协调监督科', issuer: '江门市司法局' };
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let sms: RecordingSms;
const mailers: Mailer[] = [];

function worker(o: { mailer?: Mailer; claimTtlMs?: number; patienceMs?: number } = {}): DigestingSink {
  const mailer = o.mailer ?? new Mailer({ url: smtp.url, from: FROM }, log);
  mailers.push(mailer);
  return new DigestingSink({
    outbox: new SqliteOutbox(log.db, o.claimTtlMs),
    channels: [new MailNoticeSink({ mailer, context }), new SmsNoticeSink({ provider: sms, log, signature: '江门市司法局' })],
    waitMs: 200,
    patienceMs: o.patienceMs,
  });
}

beforeEach(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  log = new SqliteDeliveryLog(':memory:');
  sms = new RecordingSms();
});
afterEach(async () => {
  mailers.splice(0).forEach((m) => m.close());
  await smtp.stop();
  log.close();
});

const addresses = (a?: AddressObject | AddressObject[]) => [a ?? []].flat().flatMap((o) => o.value.map((v) => v.address!.toLowerCase()));

/** Every unit's contact and leader got exactly one mail: the 督办 of their unit, copied to them, naming it. */
function expectEveryUnitTold(): void {
  for (const n of duban) {
    const own = (m: ParsedMail) => `${m.subject}\n${m.text}`.includes(n.unit);
    for (const person of n.cc) {
      const inbox = smtp.inbox(person.email);
      expect({ unit: n.unit, person: person.email, got: inbox.map((m) => m.subject) }).toEqual({
        unit: n.unit,
        person: person.email,
        got: [`【督办】任务14 ${n.duty}（${n.unit}，2024年5月31日截止）`],
      });
      expect(own(inbox[0])).toBe(true);
      expect(addresses(inbox[0].to)).toEqual([supervisor.email]);
      expect(addresses(inbox[0].cc).sort()).toEqual(n.cc.map((a) => a.email).sort());
    }
  }
}

/** The log says, for each 督办, that it reached the supervisor and copied that unit's two people. */
async function expectLogPerMember(): Promise<void> {
  for (const n of duban) {
    expect(await log.accepted(n.key, 'email')).toMatchObject({ recipients: supervisor.email, cc: n.cc.map((a) => a.email).join(',') });
    expect(await log.accepted(n.key, `sms:${supervisor.mobile}`)).toMatchObject({ recipients: '199****0003' });
  }
}

test('the shipped plan escalates task 14 May for 17 departments at one instant, to one supervisor, each copying its own people', () => {
  expect(duban).toHaveLength(17);
  expect(new Set(duban.map((n) => n.at))).toEqual(new Set(['2024-06-05T09:00:00+08:00'])); // 3rd working day after Friday 05-31
  expect(new Set(duban.map((n) => n.to.map((a) => a.email).join()))).toEqual(new Set(['sfj-supervisor@example.org']));
  expect(new Set(duban.flatMap((n) => n.cc.map((a) => a.email))).size).toBe(34);
  for (const n of duban)
    expect(n.cc.map((a) => [a.role, a.unit])).toEqual([
      ['contact', n.unit],
      ['leader', n.unit],
    ]);
});

test('every unit’s contact and leader receive the 督办 of their unit; the supervisor one per unit and one SMS', async () => {
  const sink = worker();
  await Promise.all(duban.map((n) => sink.deliverNotice(n)));

  expectEveryUnitTold();
  expect(smtp.inbox(supervisor.email)).toHaveLength(17);
  expect(smtp.messages).toHaveLength(17); // nobody reads another unit's 督办
  // The supervisor's phone rings once for the instant; the copied are told by mail only.
  expect(sms.sent.map((m) => [m.mobile, m.text])).toEqual([[supervisor.mobile, expect.stringContaining('17项报送事项逾期未报，现予督办')]]);
  await expectLogPerMember();

  // An activity retry of any of them sends nothing more.
  await Promise.all(duban.map((n) => sink.deliverNotice(n)));
  expect(smtp.messages).toHaveLength(17);
  expect(sms.sent).toHaveLength(1);
});

test('a worker that dies after 5 of the 17 mails: the next one sends the other 12, nobody twice, nobody dropped', async () => {
  const dying = worker({ mailer: new DyingMailer(5, { url: smtp.url, from: FROM }, log), patienceMs: 300 });
  // The claimer hangs with the batch; the other activities give up waiting and will be retried.
  let settled = 0;
  for (const n of duban)
    void dying
      .deliverNotice(n)
      .catch(() => undefined)
      .finally(() => settled++);
  while (settled < duban.length - 1 || smtp.messages.length < 5) await new Promise((r) => setTimeout(r, 50));
  expect(smtp.messages).toHaveLength(5);

  // Temporal retries the activities on another worker; the dead claim is taken over once it is stale.
  const next = worker({ claimTtlMs: 3000 });
  await Promise.all(duban.map((n) => next.deliverNotice(n)));

  expectEveryUnitTold();
  expect(smtp.messages).toHaveLength(17);
  expect(sms.sent).toHaveLength(1);
  await expectLogPerMember();
});

test('a copied address the server refuses does not stop the notice; the log names it', async () => {
  const gaj = duban.find((n) => n.unit === '市公安局')!;
  const [contact, leader] = gaj.cc.map((a) => a.email);
  smtp.reject = new RegExp(`^${leader.replace(/\./g, '\\.')}$`);
  const sink = worker();
  await Promise.all(duban.map((n) => sink.deliverNotice(n)));

  expect(smtp.inbox(contact).map((m) => m.subject)).toEqual([expect.stringContaining('（市公安局，')]);
  expect(await log.accepted(gaj.key, 'email')).toMatchObject({ recipients: supervisor.email, cc: contact, rejected: leader });
  expect(smtp.messages).toHaveLength(17);
});

test('a county’s 催办 of several duties at one instant merge into one mail to its leader, copying its contact', async () => {
  const taishan = run.rounds
    .flatMap((r) => r.obligations)
    .filter((o) => o.unit === '台山市' && o.dutyId === 'annual')
    .map((o) => noticeAt(o, '催办'));
  expect(taishan.length).toBeGreaterThan(3);
  expect(new Set(taishan.map((n) => n.at)).size).toBe(1);
  const [leader, contact] = [taishan[0].to[0], taishan[0].cc[0]];

  const sink = worker();
  await Promise.all(taishan.map((n) => sink.deliverNotice(n)));

  expect(smtp.messages).toHaveLength(1);
  const digest = smtp.messages[0];
  expect(digest.subject).toBe(`【催办】台山市：${taishan.length}项报送事项（2025年1月2日）`);
  expect(digest.text).toMatch(/^台山市：\n\n贵单位下列报送事项已超过截止时间仍未报送/);
  expect(smtp.inbox(leader.email)).toEqual([digest]);
  expect(smtp.inbox(contact.email)).toEqual([digest]);
  for (const n of taishan) {
    expect(await log.accepted(n.key, 'email')).toMatchObject({
      recipients: leader.email,
      cc: contact.email,
      via: expect.stringMatching(/^digest\//),
    });
  }
});

test('a delivery log written before copied recipients were recorded keeps its history and gains the new fields', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-log-')), 'delivery.db');
  const old = new Database(file);
  old.exec(`CREATE TABLE deliveries (key TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL, message_id TEXT,
    recipients TEXT NOT NULL, at TEXT NOT NULL, error TEXT, PRIMARY KEY (key, channel))`);
  old
    .prepare(
      `INSERT INTO deliveries VALUES ('a/remind-7', 'email', 'accepted', '<m@x>', 'kaiping-contact@example.org', '2024-12-20T01:00:00Z', NULL)`,
    )
    .run();
  old.close();

  const upgraded = new SqliteDeliveryLog(file);
  expect(await upgraded.accepted('a/remind-7', 'email')).toEqual({
    key: 'a/remind-7',
    channel: 'email',
    status: 'accepted',
    messageId: '<m@x>',
    recipients: 'kaiping-contact@example.org',
    at: '2024-12-20T01:00:00Z',
  });
  await upgraded.record({
    key: 'b/urge-1',
    channel: 'email',
    status: 'accepted',
    recipients: 'l@example.org',
    cc: 'c@example.org',
    via: 'digest/1',
    at: 'now',
  });
  expect(await upgraded.accepted('b/urge-1', 'email')).toMatchObject({ cc: 'c@example.org', via: 'digest/1' });
  upgraded.close();
});
