// E-mail through a real SMTP server: every ladder step's Chinese notice, the 汇总, exactly-once delivery by
// idempotency key, a server that is down (retried, not lost) and a recipient that is refused for good.
import { ApplicationFailure } from '@temporalio/common';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SENDING_CLAIM_MS } from '../../store/delivery-log';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer, messageIdFor } from '../../activities/mail/mailer';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { compile } from '../../domain/obligation/compilation';
import { initialState } from '../../domain/obligation/lifecycle';
import { planRunSpec } from '../../domain/obligation/spec';
import { planLadder } from '../../domain/calendar/ladder';
import { endOfDay } from '../../domain/calendar/deadline';
import { DateTime } from 'luxon';
import ExcelJS from 'exceljs';
import { TestSmtp } from '../helpers/smtp';
import { loadShipped } from '../helpers/plan-files';
import { FROM, openMailDelivery, type MailDelivery } from '../helpers/mail-delivery';

const run = planRunSpec(loadShipped());
const round = run.rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
const spec = round.obligations.find((o) => o.unit === '开平市')!;
let delivery: MailDelivery;
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let sink: MailNoticeSink;
let mailer: Mailer;

beforeEach(async () => {
  delivery = await openMailDelivery({ replyTo: 'sfj-contact@example.org' });
  ({ smtp, log, mailer } = delivery);
  sink = new MailNoticeSink({
    mailer,
    context: { contact: '市司法局行政执法协调监督科 0750-0000000', issuer: '江门市司法局' },
    linkFor: (n) => `http://localhost:3000/r/${n.obligation}`,
  });
});
afterEach(async () => {
  await delivery.close();
});

/** "name <address>" of a parsed header, names decoded from their MIME encoding. */
const addr = (h: unknown) => (h as { value: { name: string; address: string }[] }).value.map((v) => `${v.name} <${v.address}>`).join(', ');

/** The notice the workflow would build for each rung of the ladder of 开平市, task 15 (due 2024-10-20). */
function notices(): Notice[] {
  const state = initialState(spec, DateTime.fromISO('2024-10-01T00:00', { zone: 'Asia/Shanghai' }).toMillis());
  return planLadder(endOfDay('2024-10-20'), DateTime.fromISO('2024-10-01T00:00', { zone: 'Asia/Shanghai' })).map((s) =>
    buildNotice(spec, state, { step: s.step, key: s.key, at: s.at }, `${spec.id}/20241020.${s.key}`),
  );
}

test('each rung of the ladder arrives as a Chinese notice with the right subject, addressees and body', async () => {
  for (const n of notices()) await sink.deliverNotice(n);
  const got = smtp.messages.map((m) => [m.subject, addr(m.to)]);
  expect(got).toEqual([
    ['【提醒】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '开平市联络员 <kaiping-contact@example.org>'],
    ['【提醒】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '开平市联络员 <kaiping-contact@example.org>'],
    ['【提醒】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '开平市联络员 <kaiping-contact@example.org>'],
    ['【催办】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '开平市分管领导 <kaiping-leader@example.org>'],
    ['【督办】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '行政执法协调监督科科长 <sfj-supervisor@example.org>'],
    ['【通报】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）', '市政府办公室联络员 <szfb-contact@example.org>'],
  ]);
  const [first, , last, urge] = smtp.messages;
  expect(first.text).toContain('开平市：');
  expect(first.text).toContain('截止时间：2024年10月20日（星期日）23:59');
  expect(first.text).toContain('办理情况：距截止还剩 7 个工作日'); // Oct 11, 12 (make-up Saturday), 14, 15, 16, 17, 18
  expect(last.text).toContain('办理情况：距截止还剩 1 个工作日');
  expect(urge.text).toContain('已超过截止时间仍未报送');
  expect(urge.text).toContain('办理情况：已逾期 1 天');
  expect(urge.text).toContain('报送入口：http://localhost:3000/r/jiangmen-2024.t15.rectify.kaiping');
  expect(urge.html).toContain('<h2 style="text-align:center">催办通知</h2>');
  expect(addr(urge.cc)).toBe('开平市联络员 <kaiping-contact@example.org>');
  expect(urge.replyTo?.text).toBe('sfj-contact@example.org');
  expect(urge.messageId).toBe(messageIdFor(`${spec.id}/20241020.urge-1`, FROM));
  expect(urge.headers.get('x-duban-key')).toBe(`${spec.id}/20241020.urge-1`);
  expect(smtp.messages[5].text).toContain('各有关单位：');
  expect(smtp.messages[5].text).toContain('开平市：已逾期 9 天');
});

test('the same notice delivered twice (an activity retry) is sent once', async () => {
  const [n] = notices();
  await sink.deliverNotice(n);
  await sink.deliverNotice(n);
  expect(smtp.messages).toHaveLength(1);
  expect(await log.accepted(n.key, 'email')).toMatchObject({ status: 'accepted', recipients: 'kaiping-contact@example.org' });
});

test('a retry that starts while a slow attempt is still sending waits for it instead of sending a second copy', async () => {
  const [n] = notices();
  // The activity timed out (a 10-minute virtual jump, an overloaded worker) but its attempt is still talking to
  // the server when the retry starts: the retry is refused retryably, the next one finds the mail delivered.
  const [first, second] = await Promise.allSettled([sink.deliverNotice(n), sink.deliverNotice(n)]);
  expect(first.status).toBe('fulfilled');
  expect(second).toMatchObject({ status: 'rejected', reason: { name: 'SendInProgress' } });
  expect(String((second as PromiseRejectedResult).reason.message)).toContain('另一次尝试正在发送');
  await sink.deliverNotice(n);
  expect(smtp.messages).toHaveLength(1);
  expect(await log.count('accepted')).toBe(1);
});

test('an attempt that died mid-send (its worker killed) is taken over once its claim has lapsed', async () => {
  const [n] = notices();
  await log.claimSend(n.key, 'email', Date.now() - SENDING_CLAIM_MS - 1); // the dead attempt's claim, never released
  await sink.deliverNotice(n);
  expect(smtp.messages).toHaveLength(1);
  await log.claimSend(`${n.key}.other`, 'email'); // a live claim on another key blocks only that key
  await expect(sink.deliverNotice({ ...n, key: `${n.key}.other` })).rejects.toMatchObject({ name: 'SendInProgress' });
  expect(smtp.messages).toHaveLength(1);
});

test('a mail server that is down fails retryably; once it is back the notice goes out exactly once', async () => {
  const [n] = notices();
  const port = smtp.port;
  await smtp.stop();
  const err = await sink.deliverNotice(n).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeDefined();
  expect(err instanceof ApplicationFailure && err.nonRetryable).toBe(false);
  expect(await log.count()).toBe(0);
  await smtp.start(port);
  await sink.deliverNotice(n);
  await sink.deliverNotice(n);
  expect(smtp.messages).toHaveLength(1);
});

test('a refused recipient is a permanent failure: not retried, recorded in the delivery log', async () => {
  smtp.reject = /kaiping-contact/;
  const [n] = notices();
  const err = await sink.deliverNotice(n).then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: PERMANENT_FAILURE, nonRetryable: true });
  expect(err.message).toContain('邮件被拒收');
  expect(await log.count('failed')).toBe(1);
  expect(smtp.messages).toHaveLength(0);
});

test('the round’s 汇总 goes to the compiling bureau with on-time, late and missing units', async () => {
  const snaps = round.obligations.map((o) => ({
    id: o.id,
    task: o.task,
    unit: o.unit,
    dutyId: o.dutyId,
    duty: o.duty,
    stage: 'open' as const,
    light: 'red' as const,
    level: 1,
    due: o.due,
    at: '2024-10-20T23:59:59+08:00',
  }));
  snaps[0] = {
    ...snaps[0],
    stage: 'submitted' as never,
    submission: { receipt: 'HZ-1', at: '2024-10-18T10:00:00+08:00', by: 'x', excerpt: '报告', figures: {}, onTime: true },
  } as never;
  const c = compile(round, snaps, 'deadline', '2024-10-20T23:59:59+08:00', 'jiangmen-2024.t15.rectify');
  await sink.deliverCompilation(c);
  expect(smtp.messages).toHaveLength(1);
  const m = smtp.messages[0];
  expect(m.subject).toBe('【汇总】任务15 涉企乱罚款专项整治完成情况（2024年10月20日截止）：按时1 逾期0 未报24');
  expect(addr(m.to)).toBe('市司法局 <sfj-contact@example.org>');
  expect(m.text).toContain(`按时报送（1）：${snaps[0].unit}`);
  expect(m.text).toContain('未报送（24）：');

  // Attached: a readable HTML document with the reports, and an XLSX sheet with one row per unit.
  expect(m.attachments.map((a) => a.filename)).toEqual(['汇总-任务15-rectify.html', '汇总-任务15-rectify.xlsx']);
  const html = m.attachments[0].content.toString('utf8');
  expect(html).toContain('<h1>任务15 涉企乱罚款专项整治完成情况 报送情况汇总</h1>');
  expect(html).toContain('<td>HZ-1</td>');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(m.attachments[1].content as never);
  const ws = wb.getWorksheet('汇总')!;
  expect(ws.rowCount).toBe(1 + 25); // 24 units and the bureau's own row
  expect(ws.getRow(1).values).toEqual([undefined, '序号', '单位', '情况', '签收时间', '回执编号', '报送时间', '报送人', '报告内容']);
  expect(ws.getRow(2).values).toEqual([
    undefined,
    1,
    snaps[0].unit,
    '按时报送',
    '2024年10月18日（星期五）10:00', // 签收时间: a report implies receipt
    'HZ-1',
    '2024年10月18日（星期五）10:00',
    'x',
    '报告',
  ]);
  expect(ws.getRow(3).getCell(3).value).toBe('未报送');
});
