// Benchmark (run by hand; figures go to BENCHMARKS.md): the deadline-eve rush (issue 30 §3). BENCH_UNITS units
// (default 2,000) each submit their report with a BENCH_ATTACHMENT_MB attachment (default 2) as the portal's form
// does (multipart, through the unit's signed link), their sends spread over BENCH_WINDOW_S (default 600: the
// 10 minutes before the deadline; 0 sends them at once) with at most BENCH_IN_FLIGHT awaiting an answer (default
// 100), round-robin over two web processes; meanwhile the next day's plan is started, so that its 09:00 reminders
// are being queued during the rush (the next 09:00 of a working day: when it is more than a day away, after 09:00
// on a Friday, the run says so). Printed: submissions per second, p50/p99 latency, errors (goal: none), every
// duty counted as submitted by Temporal's visibility, the worker's task backlog sampled; then the same load against a bare Fastify route in two
// processes that streams the uploads to disk and answers (the ceiling), and the ratio (goal ≥ 0.7).
// The benchmark starts its own stack: the start command (scripts/start.ts) with DUBAN_WEB_PROCESSES=2 on a
// temporary data folder and ports of its own, mail to its own SMTP server, SMS to the data folder's file, payloads
// encrypted; `npm start`'s dev server (SQLite, its default mode) unless BENCH_CLUSTER=1, which runs it as
// `npm run cluster` (PostgreSQL, four services; the cluster binaries provisioned by `npm run cluster` first).
//   node --import tsx scripts/bench/deadline-eve.ts
//   BENCH_CLUSTER=1 node --import tsx scripts/bench/deadline-eve.ts
//   BENCH_UNITS=20 BENCH_WINDOW_S=5 node --import tsx scripts/bench/deadline-eve.ts        # a quick try
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Client } from '@temporalio/client';
import { TestSmtp } from '../../test/helpers/smtp';
import { startPlanRun, waitForObligations } from '../../client/plan-runs';
import { loadPlan } from '../../domain/plan/load';
import { atOfficeHour, nthWorkingDayAfter } from '../../domain/calendar/working-days';
import { ZONE } from '../../domain/calendar/time';
import { signLink } from '../../store/links/signed-links';
import { PROJECT_ROOT } from '../../config/paths';
import { writeRushFiles, dutyId, unitCode, RushFiles } from './rush/plan';
import { startRushStack } from './rush/stack';
import { runLoad, describeLoad, submissionsPerSecond, LoadResult, Submission } from './rush/load';
import { sparePort } from './burst/ports';
import { runToExit } from '../run-to-exit';
import { sampleBacklog } from './rush/backlog';
import { taskQueue } from '../../config/temporal';

const UNITS = Number(process.env.BENCH_UNITS) || 2_000;
const ATTACHMENT_BYTES = (Number(process.env.BENCH_ATTACHMENT_MB) || 2) * 1024 * 1024;
const WINDOW_MS = (process.env.BENCH_WINDOW_S === undefined ? 600 : Number(process.env.BENCH_WINDOW_S)) * 1000;
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT) || 100;
const CLUSTER = process.env.BENCH_CLUSTER === '1';

/** A PDF-looking attachment of the wanted size, unique per unit (no two reports share a file). */
const body = crypto.randomBytes(ATTACHMENT_BYTES);
const attachmentOf = (i: number) =>
  Buffer.concat([Buffer.from(`%PDF-1.4\n% ${unitCode(i)}\n`), body.subarray(0, ATTACHMENT_BYTES - 32), Buffer.from('\n%%EOF\n')]);

function submissionOf(plan: string, linkSecret: string, i: number): Submission {
  const unit = unitCode(i);
  const token = signLink({ unit, exp: Math.floor(Date.now() / 1000) + 3 * 3600 }, linkSecret);
  const form = new FormData();
  form.set('by', `${unit}联络员`);
  form.set('text', `${unit} 本月工作已落实，附落实情况材料。`);
  form.set('attachments', new Blob([attachmentOf(i)], { type: 'application/pdf' }), '落实情况.pdf');
  return { path: `/u/${unit}/o/${dutyId(plan, i)}?t=${token}`, form };
}

/** The first working day from `today` on whose 09:00 is still ahead (today's before 09:00, else a later one's). */
function nextNineAmDay(today: DateTime): DateTime {
  const first = nthWorkingDayAfter(today.minus({ days: 1 }), 1);
  return atOfficeHour(first).toMillis() > Date.now() ? first : nthWorkingDayAfter(first, 1);
}

async function startPlan(client: Client, files: RushFiles, which: 'eve' | 'next'): Promise<number> {
  const read = (file: string) => ({ file, text: fs.readFileSync(file, 'utf8') });
  const loaded = loadPlan(read(files[which].file), read(files.directory));
  const t0 = Date.now();
  await startPlanRun(client, loaded);
  const n = await waitForObligations(client, files[which].id, loaded.obligations.length, undefined, 3_600_000);
  if (n < loaded.obligations.length) throw new Error(`only ${n} of ${loaded.obligations.length} obligations of ${files[which].id} started`);
  return Date.now() - t0;
}

/** Waits (up to a minute) until visibility counts every duty of `plan` as submitted; the count. */
async function submittedCount(client: Client, plan: string): Promise<number> {
  const query = `DubanPlan = '${plan}' AND DubanKind = 'obligation' AND DubanStage = 'submitted'`;
  let n = 0;
  for (let i = 0; i < 120 && n < UNITS; i++) {
    n = (await client.workflow.count(query)).count;
    if (n < UNITS) await new Promise((r) => setTimeout(r, 500));
  }
  return n;
}

/** The same load against two bare Fastify processes that stream the uploads to disk. */
async function ceiling(tmp: string, plan: string): Promise<LoadResult> {
  const ports = [await sparePort(), await sparePort()];
  const children = ports.map((port) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'rush/ceiling-server.ts'), String(port), path.join(tmp, `ceiling-${port}`)],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  );
  try {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve, reject) => {
            c.stdout!.on('data', (b: Buffer) => b.toString().includes('listening') && resolve());
            c.once('exit', (code) => reject(new Error(`the ceiling server exited (${code})`)));
          }),
      ),
    );
    return await runLoad(
      ports.map((p) => `http://127.0.0.1:${p}`),
      UNITS,
      (i) => submissionOf(plan, 'ceiling-needs-no-secret-0123456789', i),
      { windowMs: WINDOW_MS, inFlight: IN_FLIGHT, accepted: (status) => status === 200 },
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

/** The stack's log lines of the portal's refusals for trouble (`[web] 报送 …：…`), at most twenty. */
const webComplaints = (output: string): string[] =>
  output
    .split('\n')
    .filter((l) => l.includes('[web]') && l.includes('报送'))
    .slice(0, 20);

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-eve-'));
  const smtp = new TestSmtp();
  await smtp.start();
  try {
    // The units' deadline is the next working day. The next plan's last reminder (1 working day before its
    // deadline) is the next 09:00 of a working day still ahead: the notices it queues while the units report.
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const nineAmDay = nextNineAmDay(today);
    const nineAm = atOfficeHour(nineAmDay);
    const files = writeRushFiles(
      path.join(tmp, 'plans'),
      UNITS,
      nthWorkingDayAfter(today, 1),
      nthWorkingDayAfter(nineAmDay, 1),
      Date.now().toString(36),
    );
    console.log(
      `${UNITS} units, ${(ATTACHMENT_BYTES / 1048576).toFixed(1)} MiB each, sent over ${WINDOW_MS / 1000} s with at most ${IN_FLIGHT} in flight; ` +
        `two web processes on ${CLUSTER ? 'npm run cluster (PostgreSQL)' : 'npm start (dev server, SQLite, its default mode)'}`,
    );
    const stack = await startRushStack({
      dataDir: path.join(tmp, 'data'),
      smtpUrl: smtp.url,
      directory: files.directory,
      cluster: CLUSTER,
    });
    let duban: LoadResult;
    try {
      console.log(`the units' plan: ${UNITS} duties started in ${((await startPlan(stack.client, files, 'eve')) / 1000).toFixed(1)} s`);
      const next = startPlan(stack.client, files, 'next');
      const backlog = sampleBacklog(stack.client, taskQueue());
      duban = await runLoad(stack.webUrls, UNITS, (i) => submissionOf(files.eve.id, stack.linkSecret, i), {
        windowMs: WINDOW_MS,
        inFlight: IN_FLIGHT,
        accepted: (status, html) => status === 200 && html.includes('id="receipt"'),
      });
      // An obligation queues its notice in its first task only when it falls within a day (else a wake-up does, later).
      const queued = nineAm.toMillis() - Date.now() <= 24 * 3600_000 ? 'queued meanwhile' : 'more than a day away: not queued yet';
      console.log(
        `the next day's plan (its ${nineAm.toFormat('MM-dd HH:mm')} reminders ${queued}): ${UNITS} duties started in ${((await next) / 1000).toFixed(1)} s`,
      );
      console.log(describeLoad('duban, two web processes (round-robin)', duban));
      console.log(`  the worker's workflow task backlog during the rush: ${await backlog.stop()}`);
      console.log(
        `  duties submitted, as Temporal's visibility counts them: ${await submittedCount(stack.client, files.eve.id)} of ${UNITS}`,
      );
      // What the web processes said of each refused request (503: the duty could not be read or updated in time).
      if (duban.errors.size > 0) for (const line of webComplaints(stack.output())) console.log(`  web: ${line}`);
    } catch (err) {
      console.error(stack.output().slice(-4000));
      throw err;
    } finally {
      await stack.stop();
    }
    const bare = await ceiling(tmp, files.eve.id);
    console.log(describeLoad('ceiling: bare Fastify, two processes, to disk', bare));
    console.log(
      `ratio duban/ceiling: ${(submissionsPerSecond(duban) / submissionsPerSecond(bare)).toFixed(2)}× submissions per second (goal ≥ 0.7)`,
    );
  } finally {
    await smtp.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runToExit(main);
