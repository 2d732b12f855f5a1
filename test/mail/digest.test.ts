// Digests: a unit's notices for one send time arrive as one mail and one SMS, each notice recorded once;
// a retry sends nothing more; a refusal fails every notice of the batch for good.
import { ApplicationFailure } from '@temporalio/common';
import { DigestingSink } from '../../activities/channels/digest-sink';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { SqliteOutbox } from '../../store/local/outbox';
import { SmsNoticeSink } from '../../activities/sms/sms-sink';
import { TestSmtp } from '../helpers/smtp';
import { shippedReminder } from '../helpers/shipped-reminder';
import { openMailDelivery, type MailDelivery } from '../helpers/mail-delivery';
import { RecordingSms } from '../helpers/recording-sms';

let delivery: MailDelivery;
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let mailer: Mailer;
let sms: RecordingSms;
let sink: DigestingSink;

beforeEach(async () => {
  delivery = await openMailDelivery();
  ({ smtp, log, mailer } = delivery);
  sms = new RecordingSms();
  const context = { contact: '市司法局', issuer: '江门市司法局' };
  sink = new DigestingSink({
    outbox: new SqliteOutbox(log.db),
    channels: [new MailNoticeSink({ mailer, context }), new SmsNoticeSink({ provider: sms, log, signature: '江门市司法局' })],
    waitMs: 200,
  });
});
afterEach(async () => {
  await delivery.close();
});

const taishan = ['jiangmen-2024.t1.annual.taishan', 'jiangmen-2024.t2.annual.taishan', 'jiangmen-2024.t3.annual.taishan'].map(
  shippedReminder,
);
const kaiping = shippedReminder('jiangmen-2024.t1.annual.kaiping');

test('three reminders to 台山市 at 09:00 arrive as one mail and one SMS; 开平市 gets its own', async () => {
  await Promise.all([...taishan, kaiping].map((n) => sink.deliverNotice(n)));
  expect(smtp.messages.map((m) => m.subject).sort()).toEqual(
    ['【提醒】台山市：3项报送事项（2024年12月20日）', '【提醒】任务1 年度工作落实情况（开平市，2024年12月31日截止）'].sort(),
  );
  const digest = smtp.messages.find((m) => m.subject!.includes('3项'))!;
  expect(digest.text).toContain('1. 任务1 年度工作落实情况（台山市），截止2024年12月31日（星期二）23:59，距截止还剩 8 个工作日'); // Dec 20 to Dec 31, both counted
  expect(digest.text).toContain('3. 任务3 年度工作落实情况（台山市）');
  expect(sms.sent.map((m) => m.text).sort()).toEqual(
    [
      '【江门市司法局】台山市：3项报送事项请按时报送，详见邮件。',
      '【江门市司法局】开平市：任务1“年度工作落实情况”12月31日截止，请按时报送。',
    ].sort(),
  );
  for (const n of [...taishan, kaiping]) {
    expect(await log.accepted(n.key, 'email')).toBeDefined();
    expect(await log.accepted(n.key, `sms:${n.to[0].mobile}`)).toBeDefined();
  }
  // An activity retry of any of them sends nothing more.
  await Promise.all([...taishan, kaiping].map((n) => sink.deliverNotice(n)));
  expect(smtp.messages).toHaveLength(2);
  expect(sms.sent).toHaveLength(2);
});

test('a refused address fails every notice of the digest for good', async () => {
  smtp.reject = /taishan-contact@/;
  const results = await Promise.all(
    taishan.map((n) =>
      sink.deliverNotice(n).then(
        () => 'ok',
        (e) => e,
      ),
    ),
  );
  for (const r of results) {
    expect(r).toBeInstanceOf(ApplicationFailure);
    expect(r).toMatchObject({ type: 'PermanentDeliveryFailure', nonRetryable: true });
  }
  expect(smtp.messages).toHaveLength(0);
});
