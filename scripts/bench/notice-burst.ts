// Benchmark (run by hand; figures go to BENCHMARKS.md): the 09:00 burst, a real one (burst/cast.ts): BENCH_NOTICES
// notices (default 10,000) to BENCH_ADDRESSEES people (default 2,000), mixed steps (提醒, 催办, 督办 with their cc
// lists), several duties per person, in rounds that are told, all due at one instant. Each contender is timed from
// its start until the SMTP server holds every notice:
//   the peer: raw nodemailer, pooled, one digest mail per person with all that person's notices (rendered by duban's
//   templates, with the 督办 documents duban attaches), the same mails duban sends; rendering counted in its time;
//   duban: a real worker as `npm start` runs it (burst/duban-contender.ts): mail, SMS to a local gateway, payloads
//   encrypted, delivery log and outbox in the data folder, on a fresh dev server (SQLite, its default mode) unless
//   TEMPORAL_ADDRESS names another server.
// Every notice must arrive exactly once: the watch goes on until the worker is idle (its outbox empty and nothing
// arriving for 5 s), and each addressee gets one SMS. Then it prints the ratio duban/peer and where duban's time
// went: the timers firing, the outbox claim, rendering (with documents) and SMTP, and the SMS.
//   node --import tsx scripts/bench/notice-burst.ts
//   BENCH_NOTICES=1000 BENCH_ADDRESSEES=200 BENCH_LEAD_S=150 node --import tsx scripts/bench/notice-burst.ts
//   BENCH_CPU_PROFILE=burst.cpuprofile … profiles the main thread through duban's burst and sums it per package
//   BENCH_ALL_PEERS=1 … also runs raw nodemailer with a mail per notice and BullMQ (a delayed job per notice)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TestSmtp } from '../../test/helpers/smtp';
import { DocumentIssuer } from '../../activities/documents/issuer';
import { noticeIdentity } from '../../config/mail';
import { openStores } from '../../store/from-env';
import { noticeBurst, Burst } from './burst/cast';
import { untilReceived, Arrivals } from './burst/inbox';
import { mailOf, mailWithDocuments } from './burst/peer-mails';
import { sendPooled } from './burst/raw-nodemailer';
import { startRedis } from './burst/redis';
import { queueBurst } from './burst/bullmq-peer';
import { startDuban, DubanRun } from './burst/duban-contender';
import { startSmsGateway, checkOncePerMobile, SmsGateway } from './burst/sms-server';
import { stagesOf } from './burst/send-timeline';
import { stageTimes } from './burst/stages';
import { startCpuProfile } from './burst/cpu-profile';
import { runToExit } from '../run-to-exit';
import { SENDER_FIRST_MS } from '../../domain/obligation/notice';

const NOTICES = Number(process.env.BENCH_NOTICES) || 10_000;
const ADDRESSEES = Number(process.env.BENCH_ADDRESSEES) || 2_000;
/** Seconds from the benchmark's start to duban's burst instant: every obligation must be asleep by then. */
const LEAD_S = Number(process.env.BENCH_LEAD_S) || Math.ceil(NOTICES / 2.5) + 60;
/** The worker is idle once nothing has arrived for this long and its outbox is empty. */
const QUIET_MS = 5_000;
const untilInstant = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const spread = (xs: number[]) => `median ${s(pct(xs, 50))}, 90% ${s(pct(xs, 90))}, last ${s(pct(xs, 100))}`;

/** The raw digest sender: renders each person's digest (with its documents) and sends them all over a pool. */
async function digestPeer(tmp: string, smtp: TestSmtp, peer: Burst): Promise<Arrivals & { renderMs: number }> {
  const stores = await openStores({ DUBAN_DATA_DIR: path.join(tmp, 'peer'), DUBAN_DATABASE_URL: '' });
  const identity = noticeIdentity({});
  const issuer = new DocumentIssuer({
    numbers: () => stores.documentNumbers(),
    fallbackIssuer: identity.issuer,
    contact: identity.contact,
  });
  const t0 = Date.now();
  const mails = await Promise.all(peer.byAddressee.map((ns) => mailWithDocuments(ns, issuer)));
  const renderMs = Date.now() - t0;
  await sendPooled(smtp.url, mails);
  const arrivals = await untilReceived(
    smtp,
    peer.keysOfMail,
    peer.notices.map((n) => n.key),
    t0,
  );
  return { ...arrivals, renderMs };
}

/** The per-notice peers of earlier figures (BENCH_ALL_PEERS=1): a pooled mail per notice, and BullMQ. */
async function perNoticePeers(tmp: string, smtp: TestSmtp, peer: Burst, results: Record<string, Arrivals>): Promise<void> {
  const keys = peer.notices.map((n) => n.key);
  const mails = () => peer.notices.map((n) => mailOf([n]));
  let t0 = Date.now();
  await sendPooled(smtp.url, mails());
  results['raw nodemailer (pooled), one mail per notice'] = await untilReceived(smtp, peer.keysOfMail, keys, t0);
  const redis = await startRedis(tmp);
  try {
    t0 = Date.now() + (Number(process.env.BENCH_BULLMQ_LEAD_MS) || 10_000 + NOTICES * 2);
    const jobs = await queueBurst(redis.port, smtp.url, mails(), t0);
    await untilInstant(t0);
    results['BullMQ, a delayed job per notice'] = await untilReceived(smtp, peer.keysOfMail, keys, t0);
    await jobs.stop();
  } finally {
    await redis.stop();
  }
}

/** After every notice arrived: waits until the worker is idle, and throws on any mail or SMS more than owed. */
async function untilIdle(smtp: TestSmtp, sms: SmsGateway, duban: DubanRun, cast: Burst): Promise<number> {
  let seen = -1;
  let quietSince = Date.now();
  for (const giveUp = Date.now() + 600_000; Date.now() < giveUp; await new Promise((r) => setTimeout(r, 250))) {
    if (smtp.messages.length > 0) throw new Error(`${smtp.messages.length} more mails than notices owed`);
    if (sms.received.length !== seen) [seen, quietSince] = [sms.received.length, Date.now()];
    if (Date.now() - quietSince >= QUIET_MS && (await duban.depth()) === 0) {
      checkOncePerMobile(sms, cast.mobiles);
      return Math.max(...sms.received.map((m) => m.at));
    }
  }
  throw new Error(`the worker was not idle after 10 min: ${await duban.depth()} notices in its outbox`);
}

async function main(): Promise<void> {
  // The worker's per-notice log lines would bury the figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-burst-'));
  const smtp = new TestSmtp();
  await smtp.start();
  const sms = await startSmsGateway();
  const results: Record<string, Arrivals> = {};
  const peer = noticeBurst(NOTICES, ADDRESSEES, 0, 'peer');
  // duban's instant is fixed first: its obligations are started while the peer runs.
  const dubanAt = Date.now() + LEAD_S * 1000;
  const steps = new Map<string, number>();
  for (const n of peer.notices) steps.set(n.step, (steps.get(n.step) ?? 0) + 1);
  console.log(
    `${peer.notices.length} notices (${[...steps].map(([k, n]) => `${k === 'reminder' ? '提醒' : k} ${n}`).join(', ')}) to ` +
      `${peer.byAddressee.length} addressees, ${peer.notices.length / peer.byAddressee.length} each; duban's burst at +${LEAD_S} s`,
  );
  try {
    // The peer first, on a quiet machine.
    const name = 'raw nodemailer (pooled), one digest per person';
    const digests = await digestPeer(tmp, smtp, peer);
    results[name] = digests;
    console.log(`${name}: ${s(digests.lastMs)} (rendering with documents ${s(digests.renderMs)}), ${digests.mails} mails`);
    if (process.env.BENCH_ALL_PEERS === '1') await perNoticePeers(tmp, smtp, peer, results);

    const run = `b${Date.now().toString(36)}`;
    const cast = noticeBurst(NOTICES, ADDRESSEES, dubanAt, run);
    const duban = await startDuban(tmp, smtp.url, sms);
    try {
      const t0 = Date.now();
      await duban.startAll(cast, run);
      console.log(
        `duban: ${cast.rounds.length} rounds and ${cast.specs.length} obligations asleep on their timers in ${s(Date.now() - t0)}`,
      );
      if (Date.now() > dubanAt - 1000) throw new Error(`the obligations were not all started before the burst: raise BENCH_LEAD_S`);
      await untilInstant(dubanAt);
      const profiler = process.env.BENCH_CPU_PROFILE ? await startCpuProfile(process.env.BENCH_CPU_PROFILE) : undefined;
      const mine = 'duban (digests per person, SMS, encrypted)';
      results[mine] = await untilReceived(
        smtp,
        cast.keysOfMail,
        cast.notices.map((n) => n.key),
        dubanAt,
      );
      const profile = await profiler?.stop();
      const lastSms = await untilIdle(smtp, sms, duban, cast);
      console.log(
        `${mine}: ${s(results[mine].lastMs)}, ${results[mine].mails} mails (${cast.byAddressee.length} if every digest was whole); ` +
          `${sms.received.length} SMS, the last ${s(lastSms - dubanAt)} after the instant; each notice once, the worker idle`,
      );
      const timers = await stageTimes(
        duban.client,
        cast.specs.map((x) => x.id),
        dubanAt,
        Number(process.env.BENCH_HISTORY_SAMPLE) || 100,
      );
      console.log(`  where duban's time went (after the instant; per batch for the sender's stages):`);
      for (const [stage, ts] of timers)
        console.log(
          `  ${stage.padEnd(42)} ` +
            (ts.length
              ? `(sample of ${ts.length} histories): ${spread(ts)}`
              : `none during the burst (the obligations record their steps ${SENDER_FIRST_MS / 1000} s after the instant)`),
        );
      for (const [stage, ts] of stagesOf(duban.timeline, dubanAt))
        console.log(`  ${stage.padEnd(42)} (${ts.length} batches): ${spread(ts)}; summed ${s(ts.reduce((a, b) => a + b, 0))}`);
      console.log(`  first mail ${s(results[mine].firstMs)}, last mail ${s(results[mine].lastMs)}`);
      if (profile) console.log(`  ${profile.join('\n  ')}\n  (profile in ${process.env.BENCH_CPU_PROFILE})`);
      console.log(
        `  this process (SMTP server, SMS gateway, peer, client, worker): ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB resident`,
      );
    } finally {
      await duban.stop();
    }
    const d = results['duban (digests per person, SMS, encrypted)'].lastMs;
    for (const [contender, r] of Object.entries(results))
      console.log(`${contender.padEnd(50)} ${s(r.lastMs).padStart(9)}  duban/this ${(d / r.lastMs).toFixed(2)}×`);
  } finally {
    await sms.stop();
    await smtp.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
