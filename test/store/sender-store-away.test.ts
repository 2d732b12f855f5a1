// PostgreSQL away for a while under the worker's sender (the database's port refuses connections, as when its
// server is down): the sender backs off and says so a few times instead of a warning every 200 ms, and once the
// database is back it says so and delivers the notice that was queued before. A real PostgreSQL behind a TCP
// relay the test opens and closes, and a real SMTP server.
import { DateTime } from 'luxon';
import { startPrivateCluster, PrivateCluster } from '../../scripts/postgres/private-cluster';
import { Relay } from '../helpers/pg-relay';
import { openStores, Stores } from '../../store/from-env';
import { DigestingSink } from '../../activities/channels/digest-sink';
import { OutboxSender } from '../../activities/channels/outbox-sender';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice } from '../../domain/obligation/notice';
import { planRunSpec } from '../../domain/obligation/spec';
import { loadShipped } from '../helpers/plan-files';
import { TestSmtp } from '../helpers/smtp';

const spec = planRunSpec(loadShipped())
  .rounds.flatMap((r) => r.obligations)
  .find((o) => o.id === 'jiangmen-2024.t16.rectify.heshan')!;
const notice = buildNotice(
  spec,
  initialState(spec, DateTime.fromISO('2024-10-01T00:00+08:00').toMillis()),
  { step: 'reminder', key: 'remind-7', at: '2024-10-14T09:00:00+08:00' },
  `${spec.id}/20241020.remind-7`,
);

let cluster: PrivateCluster;
let relay: Relay;
let stores: Stores;
let smtp: TestSmtp;

beforeAll(async () => {
  cluster = await startPrivateCluster();
  await cluster.createDatabase('duban_away');
  relay = new Relay(cluster.port);
  await relay.open();
  stores = await openStores({ DUBAN_DATABASE_URL: relay.urlOf(cluster.url('duban_away'), cluster.port) });
  smtp = new TestSmtp();
  await smtp.start();
}, 120_000);
afterAll(async () => {
  await stores?.close();
  await relay?.close();
  await smtp?.stop();
  await cluster?.stop();
});

test('the store away: a few Chinese warnings with back-off, not one every 200 ms; back: said, and the queued notice goes out', async () => {
  const { log, outbox } = stores.deliveries();
  const mailer = new Mailer({ url: smtp.url, from: '江门市司法局 <duban@example.org>' }, log);
  const sink = new DigestingSink({
    outbox,
    channels: [new MailNoticeSink({ mailer, context: { contact: '市司法局', issuer: '江门市司法局' } })],
    waitMs: 1500, // queued now, due after the database has gone
  });
  const warnings: { at: number; text: string }[] = [];
  const sender = new OutboxSender({
    outbox,
    sink,
    tell: async () => undefined,
    pollMs: 200,
    maxPauseMs: 2000,
    repeatWarnMs: 3000,
    warn: (text) => warnings.push({ at: Date.now(), text }),
  });
  await sink.queue(notice, spec.id);
  sender.start();

  await relay.close(); // PostgreSQL is away for 7 s
  const awayAt = Date.now();
  await new Promise((r) => setTimeout(r, 7000));
  const away = warnings.filter((w) => w.at >= awayAt);
  // At 200 ms a look, 7 s would be some 35 warnings; with back-off and a line every 3 s, three at most.
  expect(away.length).toBeGreaterThanOrEqual(1);
  expect(away.length).toBeLessThanOrEqual(3);
  expect(away[0].text).toMatch(/^\[sender\] 通知发送队列暂不可用（.+），已持续 \d+ 秒，稍后重试$/);
  expect(smtp.messages).toHaveLength(0);

  await relay.open(relay.port); // back on the same port
  for (let i = 0; i < 150 && smtp.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(smtp.messages).toHaveLength(1);
  expect(warnings.some((w) => /^\[sender\] 通知发送队列已恢复（中断约 \d+ 秒）$/.test(w.text))).toBe(true);
  await sender.stop();
  mailer.close();
}, 60_000);
