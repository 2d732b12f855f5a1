// Obligations mailing through a real SMTP server on the time-skipping server: a server that is down delays
// notices but loses none and doubles none; a refused address is reported to the supervisor and recorded.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { obligationState } from '../../domain/contract/messages';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { RecordingSink } from '../helpers/recording-sink';
import { TestSmtp } from '../helpers/smtp';
import { startShifted } from '../helpers/shifted-obligation';
import { submitWithFiles } from '../../client/operations';
import { SA } from '../../domain/search-attributes';
import { openMailDelivery, type MailDelivery } from '../helpers/mail-delivery';

const TQ = 'mail-workflow-test';
/** Where the tests' clients store reports before submitting them (as the portal does). */
const reports = new RecordingSink().reports;
let env: TestWorkflowEnvironment;
let delivery: MailDelivery;
let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let mailer: Mailer;
let worker: Worker;
let running: Promise<void>;
/** Set by a test: fail the activity once right after the mail server accepted the message. */
let crashAfterSend = false;

beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => env?.teardown());
beforeEach(async () => {
  delivery = await openMailDelivery();
  ({ smtp, log, mailer } = delivery);
  const mail = new MailNoticeSink({ mailer, context: { contact: '市司法局', issuer: '江门市司法局' } });
  const notices = {
    deliverNotice: async (n: Parameters<typeof mail.deliverNotice>[0]) => {
      await mail.deliverNotice(n);
      if (crashAfterSend) {
        crashAfterSend = false;
        throw new Error('worker lost its connection after the server accepted the mail');
      }
    },
    deliverCompilation: mail.deliverCompilation.bind(mail),
    deliverAnnualSummary: mail.deliverAnnualSummary.bind(mail),
  };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TQ,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ ...new RecordingSink().deps(), notices }),
  });
  running = worker.run();
});
afterEach(async () => {
  worker.shutdown();
  await running;
  await delivery.close();
});

const start = (id: string, startAt: string, suffix: string) => startShifted(env, TQ, id, startAt, suffix);

test('the mail server down for a day: the reminder waits, then every notice arrives exactly once', async () => {
  const port = smtp.port;
  await smtp.stop();
  const { handle, until } = await start('jiangmen-2024.t16.rectify.heshan', '2024-10-01T00:00', 'down');
  await until('2024-10-11T18:00');
  expect(smtp.messages).toHaveLength(0);
  expect((await handle.query(obligationState)).timeline.map((e) => e.kind)).toEqual(['opened']); // still retrying, nothing lost

  await smtp.start(port);
  await until('2024-10-22T00:00');
  const subjects = smtp.messages.map((m) => m.subject!.slice(0, 4));
  expect(subjects).toEqual(['【提醒】', '【提醒】', '【提醒】', '【催办】']);
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(4);
  expect(await log.count('accepted')).toBe(4);
  const s = await handle.query(obligationState);
  expect(s.timeline.map((e) => e.kind)).toEqual(['opened', 'reminder', 'reminder', 'reminder', 'overdue', '催办']);
  await handle.terminate('test done');
});

test('a report that comes while the mail server is down shows in the search attributes at once, not after the reminder went out', async () => {
  const port = smtp.port;
  await smtp.stop();
  const { handle, until } = await start('jiangmen-2024.t16.rectify.jianghai', '2024-10-01T00:00', 'report-while-down');
  await until('2024-10-11T12:00'); // the first reminder is being retried
  await submitWithFiles(env.client, reports, handle.workflowId, { by: '江海区 王某某', text: '整治已完成。', figures: {} }, []);
  await until('2024-10-11T12:05');
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get(SA.stage)).toBe('submitted'); // before: 'open' until the mail server came back
  expect(smtp.messages).toHaveLength(0);
  await smtp.start(port);
  await handle.terminate('test done');
});

test('an address the server refuses: recorded in the timeline and reported to the supervisor, never retried', async () => {
  smtp.reject = /kaiping-contact@/;
  const { handle, until } = await start('jiangmen-2024.t15.rectify.kaiping', '2024-10-01T00:00', 'refused');
  await until('2024-10-12T00:00');
  const s = await handle.query(obligationState);
  expect(s.timeline.map((e) => e.kind)).toEqual(['opened', 'reminder', 'undeliverable', 'undeliverable-reported']);
  expect(s.timeline[2]).toMatchObject({ to: ['kaiping-contact@example.org'] });
  expect(s.timeline[3]).toMatchObject({ to: ['行政执法协调监督科科长'] });
  expect(s.timeline[2].note).toContain('remind-7：邮件被拒收');
  expect(smtp.messages).toHaveLength(1);
  const report = smtp.messages[0];
  expect(report.subject).toBe('【投递失败】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）');
  expect((report.to as { value: { address: string }[] }).value[0].address).toBe('sfj-supervisor@example.org');
  expect(report.text).toContain('提醒通知发往 开平市联络员 <kaiping-contact@example.org> 被拒收');
  expect(await log.count('failed')).toBe(1);
  await handle.terminate('test done');
});

test('an activity that fails after the server accepted its mail is retried without a duplicate', async () => {
  crashAfterSend = true;
  const { handle, until } = await start('jiangmen-2024.t16.rectify.enping', '2024-10-01T00:00', 'retry');
  await until('2024-10-12T00:00');
  expect(crashAfterSend).toBe(false); // the failure happened
  expect(smtp.messages).toHaveLength(1);
  expect((await handle.query(obligationState)).timeline.map((e) => e.kind)).toEqual(['opened', 'reminder']);
  await handle.terminate('test done');
});

test('a mail server down for three days: attempts pause and resume until it is back; nothing is dropped', async () => {
  const port = smtp.port;
  await smtp.stop();
  const { handle, until } = await start('jiangmen-2024.t16.rectify.kaiping', '2024-10-01T00:00', 'long-outage');
  await until('2024-10-14T09:00');
  const during = await handle.query(obligationState);
  expect(during.timeline.map((e) => e.kind)).toEqual(['opened', 'delivery-stalled']); // recorded once, still trying
  expect(during.timeline[1].note).toMatch(/^remind-7：/);
  await smtp.start(port);
  await until('2024-10-15T12:00');
  expect(smtp.messages.map((m) => m.subject!.slice(0, 4))).toEqual(['【提醒】']);
  expect((await handle.query(obligationState)).timeline.map((e) => e.kind)).toEqual(['opened', 'delivery-stalled', 'reminder']);
  await handle.terminate('test done');
}, 180_000);
