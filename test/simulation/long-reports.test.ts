// A year in which every unit files long reports: 422 reports of 20,000 characters on the Jiangmen plan. The
// texts live in the report store only; workflows, their inputs, queries and the ledger stay small, and the
// 汇总 and the annual summary still carry everything.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Cast } from '../../client/simulation/cast';
import { simulate, SimulationResult } from '../../client/simulation/run';
import { timeSkippingEnv } from '../../client/simulation/environment';
import { readPlanLedger } from '../../activities/ledger';
import { roundSnapshots } from '../../workflows/messages';
import { loadShipped } from '../helpers/plan-files';

const loaded = loadShipped();
const REPORT_CHARS = 20_000;
/** A unique, realistic report: the obligation's id, then prose up to 20,000 characters. */
const reportOf = (id: string) => `【${id}】${'本单位认真落实方案要求，逐项对照任务清单推进，建立工作台账，按月调度，确保各项任务按期完成。'.repeat(400)}`.slice(0, REPORT_CHARS);

let env: TestWorkflowEnvironment;
let r: SimulationResult;

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
  r = await simulate(loaded, cast, { env });
}, 900_000);
afterAll(async () => env?.teardown());

test('all 422 long reports are received', () => {
  expect(r.refused).toEqual([]);
  expect(r.ledger).toHaveLength(422);
  expect(r.ledger.every((s) => s.stage === 'submitted' && s.submission?.report)).toBe(true);
});

test('the ledger carries references and excerpts, never the texts: about a few hundred bytes per obligation', async () => {
  const ledger = await readPlanLedger(env.client, loaded.plan.id);
  const bytes = Buffer.byteLength(JSON.stringify(ledger));
  expect(bytes).toBeLessThan(422 * 1024);
  expect(JSON.stringify(ledger)).not.toContain(reportOf(loaded.obligations[0].id).slice(0, 200));
  const round = await env.client.workflow.getHandle('jiangmen-2024.t14.may').query(roundSnapshots);
  expect(Buffer.byteLength(JSON.stringify(round))).toBeLessThan(17 * 1024);
});

test('no workflow input or history holds a report text; the plan starts with a summary, each round with its own obligations', async () => {
  const obligation = await env.client.workflow.getHandle('jiangmen-2024.t14.may.gaj').fetchHistory();
  const raw = JSON.stringify(obligation);
  expect(Buffer.byteLength(raw)).toBeLessThan(200 * 1024);
  // Payload data is base64 in the JSON form of a history: look for the text both ways.
  const text = reportOf('jiangmen-2024.t14.may.gaj').slice(0, 300);
  expect(raw).not.toContain(text);
  expect(raw).not.toContain(Buffer.from(text).toString('base64').slice(0, 200));
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
  expect(rows.length).toBeGreaterThanOrEqual(422);
  expect(rows.every((row) => row.text?.length === REPORT_CHARS)).toBe(true);
});

test('the annual summary counts every report', () => {
  expect(r.annual).toHaveLength(1);
  expect(r.annual[0].total).toBe(422);
  expect(r.annual[0].byStage.submitted).toBe(422);
  expect(r.annual[0].outstanding).toEqual([]);
});
