// Run by hand (`npm run soak`), not in `npm test`: a year in which every unit files long reports: 439 reports of 20,000 characters on the Jiangmen plan. The
// texts live in the report store only; workflows, their inputs, queries and the ledger stay small, and the
// 汇总 and the annual summary still carry everything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { logNoticeSink } from '../../activities/notices';
import { LocalReportStore } from '../../store/local/report-store';
import type { Cast } from '../../simulation/cast';
import { simulate, SimulationResult } from '../../simulation/run';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { readPlanLedger } from '../../store/ledger-reader';
import { roundSnapshots } from '../../domain/contract/messages';
import { loadShipped } from '../helpers/plan-files';

const loaded = loadShipped();
const REPORT_CHARS = 20_000;
/** A unique, realistic report: the obligation's id, then prose up to 20,000 characters. */
const reportOf = (id: string) =>
  `【${id}】${'本单位认真落实方案要求，逐项对照任务清单推进，建立工作台账，按月调度，确保各项任务按期完成。'.repeat(500)}`.slice(
    0,
    REPORT_CHARS,
  );

let env: TestWorkflowEnvironment;
let r: SimulationResult;
let worker: Worker;
let running: Promise<void>;

/** Every payload's bytes in a history, as text: what the server stores. */
function payloadTexts(history: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (x instanceof Uint8Array) out.push(Buffer.from(x).toString('utf8'));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(history);
  return out.join('\n');
}
const reports = new LocalReportStore(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-long-reports-')));

beforeAll(async () => {
  env = await timeSkippingEnv();
  const cast: Cast = loaded.obligations.map((o) => ({
    at: '2024-05-16T10:00',
    action: 'submit' as const,
    unit: o.unit,
    task: o.task,
    duty: o.dutyId,
    by: `${o.unit} 王某`,
    text: reportOf(o.id),
    figures: Object.fromEntries(o.targets.map((t) => [t.id, 1])),
  }));
  r = await simulate(loaded, cast, { env, reports });
  // The simulation's worker has stopped: the queries below need one polling its task queue.
  const activities = createActivities({ notices: logNoticeSink, reports, temporal: () => env.client });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'duban-simulation',
    workflowBundle: await workflowBundle(),
    activities,
  });
  running = worker.run();
}, 900_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

test('all 439 long reports are received', () => {
  expect(r.refused).toEqual([]);
  expect(r.ledger).toHaveLength(439);
  expect(r.ledger.every((s) => s.stage === 'submitted' && s.submission?.report)).toBe(true);
});

test('the ledger carries references and excerpts, never the texts: about a few hundred bytes per obligation', async () => {
  const ledger = await readPlanLedger(env.client, loaded.plan.id);
  const bytes = Buffer.byteLength(JSON.stringify(ledger));
  expect(bytes).toBeLessThan(439 * 1024);
  expect(JSON.stringify(ledger)).not.toContain(reportOf(loaded.obligations[0].id).slice(0, 200));
  const round = await env.client.workflow.getHandle('jiangmen-2024.t14.may').query(roundSnapshots);
  expect(Buffer.byteLength(JSON.stringify(round))).toBeLessThan(17 * 1024);
});

test('no workflow input or history holds a report text; the plan starts with a summary, each round with its own obligations', async () => {
  const obligation = await env.client.workflow.getHandle('jiangmen-2024.t14.may.gaj').fetchHistory();
  const raw = payloadTexts(obligation);
  expect(Buffer.byteLength(raw)).toBeLessThan(200 * 1024);
  // The excerpt (the first 120 characters) is there by design; nothing after it is.
  const text = reportOf('jiangmen-2024.t14.may.gaj');
  expect(raw).toContain(text.slice(0, 60));
  expect(raw).not.toContain(text.slice(200, 400));
  const plan = await env.client.workflow.getHandle('jiangmen-2024').fetchHistory();
  const input = (id: string, h: typeof plan) => h.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0].data!.length;
  expect(input('plan', plan)).toBeLessThan(8 * 1024); // the whole expanded plan was 544 KB
  const round = await env.client.workflow.getHandle('jiangmen-2024.t14.may').fetchHistory();
  expect(input('round', round)).toBeLessThan(17 * 2 * 1024); // 17 obligations
});

test('every 汇总 carries the full texts of its reports, read from the report store', () => {
  const may = r.compilations.find((c) => c.round === 'jiangmen-2024.t14.may' && c.edition === 'deadline')!;
  expect(may.onTime).toHaveLength(17);
  for (const row of may.onTime) expect(row.text).toBe(reportOf(row.obligation));
  const rows = r.compilations.filter((c) => c.edition === 'deadline').flatMap((c) => c.onTime);
  expect(rows.length).toBeGreaterThanOrEqual(439);
  expect(rows.every((row) => row.text?.length === REPORT_CHARS)).toBe(true);
});

test('the annual summary counts every report', () => {
  expect(r.annual).toHaveLength(1);
  expect(r.annual[0].total).toBe(439);
  expect(r.annual[0].byStage.submitted).toBe(439);
  expect(r.annual[0].outstanding).toEqual([]);
});
