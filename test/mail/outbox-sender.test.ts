// The worker's sender of queued notices, against a real SMTP server and the SQLite outbox: a person's notices for
// one instant go out as one mail once the window closes; a refusal is told to the obligation once and never
// retried; a server that is down means doubling pauses, the obligation told once that its notice is stalled, and
// the mail sent when the server is back; two senders on one store send each batch once; a batch a dead sender had
// claimed is taken over after the claim expires.
import { DigestingSink, RetryPacing } from '../../activities/channels/digest-sink';
import { OutboxSender, type SenderOptions } from '../../activities/channels/outbox-sender';
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { SqliteOutbox } from '../../store/local/outbox';
import type { OutboxTelling } from '../../store/outbox';
import { MailNoticeSink } from '../../activities/mail/mail-sink';
import { Mailer } from '../../activities/mail/mailer';
import type { Notice } from '../../domain/obligation/notice';
import { TestSmtp } from '../helpers/smtp';
import { shippedReminder, shippedSpecs as specs } from '../helpers/shipped-reminder';

const taishan = ['t1', 't2', 't3'].map((t) => shippedReminder(`jiangmen-2024.${t}.annual.taishan`));
const kaiping = shippedReminder('jiangmen-2024.t1.annual.kaiping');
const FAST: RetryPacing = { initialMs: 50, maxMs: 200, stallAfter: 3 };

let smtp: TestSmtp;
let log: SqliteDeliveryLog;
let mailers: Mailer[];
let told: OutboxTelling[];
let senders: OutboxSender[];

/** A worker's sink and sender on the shared store (each with its own SMTP pool, as a second worker has). */
function worker(
  o: { claimTtlMs?: number; waitMs?: number; pollMs?: number; parallel?: number; documents?: SenderOptions['documents'] } = {},
) {
  const mailer = new Mailer({ url: smtp.url, from: '江门市司法局 <duban@example.org>' }, log);
  mailers.push(mailer);
  const outbox = new SqliteOutbox(log.db, o.claimTtlMs);
  const sink = new DigestingSink({
    outbox,
    channels: [new MailNoticeSink({ mailer, context: { contact: '市司法局', issuer: '江门市司法局' } })],
    waitMs: o.waitMs ?? 300,
    pacing: FAST,
  });
  const sender = new OutboxSender({
    outbox,
    sink,
    tell: async (t) => void told.push(t),
    pollMs: o.pollMs ?? 20,
    parallel: o.parallel,
    documents: o.documents,
    warn: () => undefined,
  });
  senders.push(sender);
  return { outbox, sink, sender };
}

const owner = (n: Notice) => n.key.split('/')[0];
const waitUntil = async (ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  for (const until = Date.now() + ms; Date.now() < until && !(await ok());) await new Promise((r) => setTimeout(r, 20));
};

beforeEach(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  log = new SqliteDeliveryLog(':memory:');
  mailers = [];
  told = [];
  senders = [];
});
afterEach(async () => {
  await Promise.all(senders.map((s) => s.stop()));
  for (const m of mailers) m.close();
  await smtp.stop();
  log.close();
});

test('a person’s notices for one instant are one mail, sent once the window has closed; nothing to tell', async () => {
  const { sink, sender, outbox } = worker();
  sender.start();
  const queuedAt = Date.now();
  for (const n of [...taishan, kaiping]) expect(await sink.queue(n, owner(n))).toBe('queued');
  await waitUntil(async () => (await outbox.depth()) === 0);
  expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(300);
  expect(smtp.messages.map((m) => m.subject).sort()).toEqual(
    ['【提醒】台山市：3项报送事项（2024年12月20日）', '【提醒】任务1 年度工作落实情况（开平市，2024年12月31日截止）'].sort(),
  );
  for (const n of [...taishan, kaiping]) expect(await outbox.row(n.key)).toMatchObject({ state: 'sent', workflowId: owner(n) });
  expect(told).toEqual([]);
});

test('at each look the documents’ owed timeline lines are told beside the sending, one sweep at a time; stopped with it', async () => {
  const sweeps: { started: number; ended?: number }[] = [];
  let stopped = 0;
  const documents: SenderOptions['documents'] = {
    tellOwed: async () => {
      const sweep: { started: number; ended?: number } = { started: Date.now() };
      sweeps.push(sweep);
      await new Promise((r) => setTimeout(r, 100)); // a slow sweep: looks go on, none starts another meanwhile
      sweep.ended = Date.now();
    },
    stop: async () => void stopped++,
  };
  const { sink, sender, outbox } = worker({ documents });
  sender.start();
  for (const n of [...taishan, kaiping]) await sink.queue(n, owner(n));
  await waitUntil(async () => (await outbox.depth()) === 0 && sweeps.length >= 3);
  expect(smtp.messages).toHaveLength(2);
  for (let i = 1; i < sweeps.length; i++) expect(sweeps[i].started).toBeGreaterThanOrEqual(sweeps[i - 1].ended ?? Infinity);
  await sender.stop();
  expect(stopped).toBe(1);
  expect(sweeps.every((w) => w.ended !== undefined)).toBe(true); // a sweep under way was waited for
});

test('a batch that has gone gives its place to the next ready one at once, not at the sender’s next look', async () => {
  // One batch at a time and a minute between looks: the second person's mail still goes right after the first's.
  const { sink, sender, outbox } = worker({ waitMs: 0, pollMs: 60_000, parallel: 1 });
  for (const n of [...taishan, kaiping]) await sink.queue(n, owner(n));
  const started = Date.now();
  sender.start();
  await waitUntil(async () => (await outbox.depth()) === 0, 20_000);
  expect(smtp.messages).toHaveLength(2);
  expect(Date.now() - started).toBeLessThan(20_000);
});

test('at 09:00 the ready batches are looked up once for many, not once per batch sent', async () => {
  // One person per batch, one batch at a time: each finished batch asks for the next.
  const { sink, sender, outbox } = worker({ waitMs: 0, pollMs: 60_000, parallel: 1 });
  const looks = jest.spyOn(outbox, 'readyBatches');
  const many = Object.values(Object.fromEntries([...specs.values()].filter((s) => s.task <= 6).map((s) => [s.id, shippedReminder(s.id)])));
  for (const n of many) await sink.queue(n, owner(n));
  const batches = new Set(many.map((n) => n.to.map((a) => a.email).join())).size;
  expect(batches).toBeGreaterThanOrEqual(8);
  const started = Date.now();
  sender.start();
  await waitUntil(async () => (await outbox.depth()) === 0, 20_000);
  expect(smtp.messages).toHaveLength(batches);
  // Ten rounds of batches per look (one batch at a time: ten), looked up again after a second at most, one last
  // look finding none: never one per batch.
  expect(looks.mock.calls.length).toBeLessThanOrEqual(Math.ceil(batches / 10) + 1 + Math.ceil((Date.now() - started) / 1000));
  expect(looks.mock.calls.length).toBeLessThan(batches / 2);
});

test('a refused address: each obligation of the digest is told once, and nothing is retried', async () => {
  smtp.reject = /taishan-contact@/;
  const { sink, sender, outbox } = worker();
  for (const n of taishan) await sink.queue(n, owner(n));
  await sender.drain();
  await sender.drain();
  expect(told.map((t) => [t.workflowId, t.outcome]).sort()).toEqual(taishan.map((n) => [owner(n), 'refused']).sort());
  expect(told[0].reason).toContain('邮件被拒收');
  expect(told[0].notice.key).toBe(told[0].key);
  for (const n of taishan) expect((await outbox.row(n.key))?.state).toBe('failed');
  expect(await outbox.untold(10)).toEqual([]);
  expect(smtp.messages).toHaveLength(0);
});

test('a server that is down: pauses that double, the obligation told once that its notice is stalled, sent when it is back', async () => {
  const port = smtp.port;
  await smtp.stop();
  const { sink, sender, outbox } = worker({ waitMs: 0 });
  sender.start();
  await sink.queue(kaiping, owner(kaiping));
  await waitUntil(() => told.length > 0);
  expect(told).toEqual([expect.objectContaining({ key: kaiping.key, outcome: 'stalled', workflowId: owner(kaiping) })]);
  const stalled = await outbox.row(kaiping.key);
  expect(stalled).toMatchObject({ state: 'pending' });
  expect(stalled!.attempts).toBeGreaterThanOrEqual(FAST.stallAfter);
  await smtp.start(port);
  await waitUntil(async () => (await outbox.row(kaiping.key))?.state === 'sent');
  expect(smtp.messages).toHaveLength(1);
  expect(told).toHaveLength(1); // stalled once, never refused
});

test('two workers’ senders on one store send each batch once', async () => {
  const a = worker({ waitMs: 0 });
  const b = worker({ waitMs: 0 });
  const many = Object.values(Object.fromEntries([...specs.values()].filter((s) => s.task <= 6).map((s) => [s.id, shippedReminder(s.id)])));
  a.sender.start();
  b.sender.start();
  await Promise.all(many.map((n, i) => (i % 2 ? a : b).sink.queue(n, owner(n))));
  await waitUntil(async () => (await a.outbox.depth()) === 0, 30_000);
  const keys = smtp.messages.map((m) => m.headers.get('x-duban-key'));
  expect(new Set(keys).size).toBe(keys.length);
  for (const n of many) expect(await log.accepted(n.key, 'email')).toBeDefined();
});

test('a batch a dead sender had claimed is taken over once its claim has expired', async () => {
  const { sink, sender, outbox } = worker({ claimTtlMs: 300, waitMs: 0 });
  await sink.queue(kaiping, owner(kaiping));
  const [batch] = await outbox.readyBatches(Date.now(), 1);
  expect(await outbox.claim(batch, Date.now())).toHaveLength(1); // a sender that then died
  await sender.tick();
  expect(await outbox.readyBatches(Date.now(), 1)).toEqual([]); // still held
  await new Promise((r) => setTimeout(r, 350));
  await sender.drain();
  expect(smtp.messages).toHaveLength(1);
  expect((await outbox.row(kaiping.key))?.state).toBe('sent');
});
