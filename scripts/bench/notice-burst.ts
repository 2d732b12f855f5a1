// Benchmark (run by hand; figures go to BENCHMARKS.md): the 09:00 burst. BENCH_NOTICES notices (default
// 10,000) to BENCH_ADDRESSEES people (default 2,000) fall due at one instant; each contender is timed from that
// instant until one SMTP server holds them all, and every notice is checked to arrive exactly once:
//   raw nodemailer, pooled, one mail per notice (and, for reference, one per person's digest);
//   BullMQ on a private redis-server, one delayed job per notice, all due at the same instant;
//   duban: a fresh dev server and a real worker with the real mail channel, digests, SQLite delivery log.
//   node --import tsx scripts/bench/notice-burst.ts
//   BENCH_NOTICES=2000 BENCH_ADDRESSEES=400 BENCH_LEAD_S=600 node --cpu-prof --import tsx scripts/bench/notice-burst.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TestSmtp } from '../../test/helpers/smtp';
import { noticeBurst } from './burst/cast';
import { untilReceived, Arrivals } from './burst/inbox';
import { mailOf } from './burst/peer-mails';
import { sendPooled } from './burst/raw-nodemailer';
import { startRedis } from './burst/redis';
import { queueBurst } from './burst/bullmq-peer';
import { startDuban } from './burst/duban-contender';
import { stageTimes } from './burst/stages';
import { runToExit } from '../run-to-exit';

const NOTICES = Number(process.env.BENCH_NOTICES) || 10_000;
const ADDRESSEES = Number(process.env.BENCH_ADDRESSEES) || 2_000;
/** Seconds from the benchmark's start to duban's burst instant: every obligation must be asleep by then. */
const LEAD_S = Number(process.env.BENCH_LEAD_S) || Math.ceil(NOTICES / 2.5) + 60;
const untilInstant = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

async function main(): Promise<void> {
  // The worker's per-notice log lines (10,000 of them) would bury the figures.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-burst-'));
  const smtp = new TestSmtp();
  await smtp.start();
  const results: Record<string, Arrivals> = {};
  const peer = noticeBurst(NOTICES, ADDRESSEES, 0, 'peer');
  const keys = peer.notices.map((n) => n.key);
  // duban's instant is fixed first: its obligations are started while the peers run.
  const dubanAt = Date.now() + LEAD_S * 1000;
  console.log(`${NOTICES} notices to ${ADDRESSEES} addressees; duban's burst at +${LEAD_S} s`);
  try {
    // Peers first, on a quiet machine.
    for (const [name, mails] of [
      ['raw nodemailer (pooled), one mail per notice', peer.notices.map((n) => mailOf([n]))],
      ['raw nodemailer (pooled), one digest per addressee', peer.byAddressee.map((ns) => mailOf(ns))],
    ] as const) {
      const t0 = Date.now();
      await sendPooled(smtp.url, [...mails]);
      results[name] = await untilReceived(smtp, peer.keysOfMail, keys, t0);
      console.log(`${name}: ${s(results[name].lastMs)}`);
    }
    const redis = await startRedis(tmp);
    try {
      const name = `BullMQ (${NOTICES} delayed jobs due at one instant), one mail per notice`;
      const mails = peer.notices.map((n) => mailOf([n]));
      const at = Date.now() + (Number(process.env.BENCH_BULLMQ_LEAD_MS) || 10_000 + NOTICES * 2);
      const jobs = await queueBurst(redis.port, smtp.url, mails, at);
      await untilInstant(at);
      results[name] = await untilReceived(smtp, peer.keysOfMail, keys, at);
      await jobs.stop();
      console.log(`${name}: ${s(results[name].lastMs)}`);
    } finally {
      await redis.stop();
    }

    const run = `b${Date.now().toString(36)}`;
    const cast = noticeBurst(NOTICES, ADDRESSEES, dubanAt, run);
    const duban = await startDuban(tmp, smtp.url);
    try {
      const t0 = Date.now();
      await duban.startAll(cast.specs, run);
      console.log(`duban: ${NOTICES} obligations asleep on their timers in ${s(Date.now() - t0)}`);
      if (Date.now() > dubanAt - 1000) throw new Error(`the obligations were not all started before the burst: raise BENCH_LEAD_S`);
      await untilInstant(dubanAt);
      const name = 'duban (digests per addressee)';
      results[name] = await untilReceived(
        smtp,
        cast.keysOfMail,
        cast.notices.map((n) => n.key),
        dubanAt,
      );
      console.log(`${name}: ${s(results[name].lastMs)}, ${results[name].mails} mails (${ADDRESSEES} if every digest was whole)`);
      const starts = duban.activityStarts.map((t) => t - dubanAt);
      const ends = duban.activityEnds.map((t) => t - dubanAt);
      console.log(
        `  activity starts after the instant: first ${s(pct(starts, 0))}, median ${s(pct(starts, 50))}, last ${s(pct(starts, 100))}`,
      );
      const stages = await stageTimes(
        duban.client,
        cast.specs.map((x) => x.id),
        dubanAt,
        Number(process.env.BENCH_HISTORY_SAMPLE) || 100,
      );
      for (const [stage, ts] of stages)
        console.log(
          `  ${stage.padEnd(22)} (sample of ${ts.length} histories): median ${s(pct(ts, 50))}, 90% ${s(pct(ts, 90))}, last ${s(pct(ts, 100))}`,
        );
      for (const { key, at } of duban.lastStarted) console.log(`  late start: ${key} at ${s(at - dubanAt)}`);
      console.log(`  activity ends: first ${s(pct(ends, 0))}, median ${s(pct(ends, 50))}, last ${s(pct(ends, 100))}`);
      console.log(`  first mail ${s(results[name].firstMs)}, last mail ${s(results[name].lastMs)}`);
      console.log(`  this process (SMTP server, peers, client, worker): ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB resident`);
    } finally {
      await duban.stop();
    }
    const d = results['duban (digests per addressee)'].lastMs;
    for (const [name, r] of Object.entries(results))
      console.log(`${name.padEnd(72)} ${s(r.lastMs).padStart(9)}  duban/this ${(d / r.lastMs).toFixed(2)}×`);
  } finally {
    await smtp.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
