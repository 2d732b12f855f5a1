// The whole 2024 plan year on the time-skipping server with the sample cast: exact instants of every notice
// that matters, the May and November 汇总, the October deadlines, 回头看 with a rectification, the ledger,
// and a replay of the recorded histories against the current code.
import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { readCast } from '../../simulation/cast';
import { simulate, SimulationResult } from '../../simulation/run';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { PROJECT_ROOT } from '../../config/paths';
import { loadShipped } from '../helpers/plan-files';
import { DEFAULT_SCORING } from '../../domain/scoring/rules';
import { scoreUnits } from '../../domain/scoring/score';
import { yearDocumentTests } from './year-documents';

const CAST = 'plans/casts/jiangmen-2024-sample.yaml';
const YEAR_END = '2024-12-31T23:59:59+08:00';
let env: TestWorkflowEnvironment;
let r: SimulationResult;
const histories = new Map<string, temporal.api.history.v1.IHistory>();

beforeAll(async () => {
  env = await timeSkippingEnv();
  r = await simulate(loadShipped(), readCast(fs.readFileSync(path.join(PROJECT_ROOT, CAST), 'utf8'), CAST), { env });
  for (const id of [
    'jiangmen-2024',
    'jiangmen-2024.t14.may',
    'jiangmen-2024.t14.may.lb1',
    'jiangmen-2024.t14.may.scjgj',
    'jiangmen-2024.t15.rectify.kaiping',
    'jiangmen-2024.t14.may-lb1-zg.jtysj',
  ]) {
    histories.set(id, await env.client.workflow.getHandle(id).fetchHistory());
  }
}, 900_000);
afterAll(async () => env?.teardown());

/** The deadline's ladder of an obligation (its 签收提醒 apart: see acks). */
const of = (obligation: string) =>
  r.notices.filter((n) => n.obligation === obligation && n.step !== 'acknowledge').map((n) => `${n.step}@${n.at}`);
const acks = (obligation: string) =>
  r.notices.filter((n) => n.obligation === obligation && n.step === 'acknowledge').map((n) => `${n.to.join('、')}@${n.at}`);
const ledger = (id: string) => r.ledger.find((s) => s.id === id);

test('the cast ran without a refusal', () => {
  expect(r.refused).toEqual([]);
});

test('签收: none for a unit that acknowledged at once; the contact on the 2nd working day, then the leader, for the others', () => {
  expect(acks('jiangmen-2024.t14.may.gaj')).toEqual([]);
  expect(ledger('jiangmen-2024.t14.may.gaj')?.acknowledged).toEqual({ at: '2024-05-16T09:30:00+08:00', by: '市公安局 张伟' });
  // Issued Wednesday May 15: the contact on Friday the 17th; acknowledged that afternoon, so no leader on Monday.
  expect(acks('jiangmen-2024.t14.may.scjgj')).toEqual([expect.stringMatching(/^市市场监管局联络员 <.+>@2024-05-17T09:00:00\+08:00$/)]);
  expect(acks('jiangmen-2024.t14.may.slj')).toEqual([
    expect.stringMatching(/^市水利局联络员 <.+>@2024-05-17T09:00:00\+08:00$/),
    expect.stringMatching(/^市水利局分管领导 <.+>@2024-05-20T09:00:00\+08:00$/),
  ]);
  // A late report counts as receipt from its submission.
  expect(ledger('jiangmen-2024.t14.may.jtysj')?.acknowledged).toMatchObject({ at: '2024-06-04T10:00:00+08:00', bySubmission: true });
});

test('task 14, May: the on-time unit gets one reminder, the late one is chased until it reports, the silent one up to 通报', () => {
  expect(of('jiangmen-2024.t14.may.gaj')).toEqual(['reminder@2024-05-22T09:00:00+08:00']);
  expect(of('jiangmen-2024.t14.may.jtysj')).toEqual([
    'reminder@2024-05-22T09:00:00+08:00',
    'reminder@2024-05-28T09:00:00+08:00',
    'reminder@2024-05-30T09:00:00+08:00',
    '催办@2024-06-03T09:00:00+08:00',
  ]);
  expect(of('jiangmen-2024.t14.may.slj')).toEqual([
    'reminder@2024-05-22T09:00:00+08:00',
    'reminder@2024-05-28T09:00:00+08:00',
    'reminder@2024-05-30T09:00:00+08:00',
    '催办@2024-06-03T09:00:00+08:00',
    '督办@2024-06-05T09:00:00+08:00',
    '通报@2024-06-12T09:00:00+08:00',
  ]);
  // Returned on May 31 with a new deadline of June 7: its own ladder, and no escalation for the old one.
  expect(of('jiangmen-2024.t14.may.scjgj')).toEqual([
    'reminder@2024-05-22T09:00:00+08:00',
    'reminder@2024-05-28T09:00:00+08:00',
    'reminder@2024-05-30T09:00:00+08:00', // an hour before it first reported
    'reminder@2024-06-04T09:00:00+08:00',
    'reminder@2024-06-06T09:00:00+08:00',
  ]);
});

test('the May 汇总 is compiled at the deadline (Friday night) and goes to 市司法局 on Monday at 09:00: on time, late and missing', () => {
  const may = r.notices.filter((n) => n.round === 'jiangmen-2024.t14.may');
  expect(may).toHaveLength(1);
  expect(may[0]).toMatchObject({
    at: '2024-06-03T09:00:00+08:00',
    compiledAt: '2024-05-31T23:59:59+08:00',
    step: '汇总',
    to: ['市司法局'],
  });
  expect(may[0].summary!.onTime).toEqual(['市公安局']);
  expect(may[0].summary!.late).toEqual([]);
  expect(may[0].summary!.missing).toHaveLength(16);
  expect(may[0].summary!.missing).toContain('市市场监管局'); // returned, not yet resubmitted
  const report = r.compilations.find((c) => c.round === 'jiangmen-2024.t14.may')!;
  expect(report.onTime[0]).toMatchObject({
    unit: '市公安局',
    by: '市公安局 张伟',
    text: '已完成专项整治，梳理突出问题清单12项。',
    receipt: 'HZ-FJ1J-8AYP-1',
  });
});

test('the November 汇总: one on time, one cancelled, the rest missing', () => {
  const nov = r.compilations.find((c) => c.round === 'jiangmen-2024.t14.nov' && c.edition === 'deadline')!;
  expect(nov.at).toBe('2024-11-30T23:59:59+08:00'); // a Saturday: delivered on Monday
  expect(nov.sentAt).toBe('2024-12-02T09:00:00+08:00');
  expect(nov.onTime.map((x) => x.unit)).toEqual(['市公安局']);
  expect(nov.cancelled.map((x) => x.unit)).toEqual(['市商务局']);
  expect(nov.missing).toHaveLength(15);
  expect(of('jiangmen-2024.t14.nov.swj')).toEqual([]); // cancelled in September, before its first reminder
});

test('October: task 17 across National Day, task 15 on a Sunday and its extension', () => {
  expect(of('jiangmen-2024.t17.cleanup.taishan')).toEqual([
    'reminder@2024-09-30T09:00:00+08:00',
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-14T09:00:00+08:00',
  ]);
  expect(of('jiangmen-2024.t15.rectify.kaiping')).toEqual([
    'reminder@2024-10-11T09:00:00+08:00',
    'reminder@2024-10-16T09:00:00+08:00',
    'reminder@2024-10-22T09:00:00+08:00', // extended on Oct 17 to Oct 31
    'reminder@2024-10-28T09:00:00+08:00',
    'reminder@2024-10-30T09:00:00+08:00',
  ]);
  const t17 = r.compilations.find((c) => c.round === 'jiangmen-2024.t17.cleanup')!;
  expect(t17.at).toBe('2024-10-15T23:59:59+08:00');
  expect(t17.sentAt).toBe('2024-10-16T09:00:00+08:00');
  expect(t17.to).toEqual(['江门市人民政府', '广东省人民政府']);
  expect(t17.cc).toEqual(expect.arrayContaining(['市司法局', '台山市司法局']));
  expect(t17.onTime.map((x) => x.unit)).toEqual(['台山市']);
});

test('回头看 on the May round reaches the late, returned and silent units; a finding opens a 整改 obligation', () => {
  const lb = r.notices.filter((n) => n.obligation?.includes('.may-lb1.'));
  expect(new Set(lb.map((n) => n.unit)).size).toBe(16); // all but the on-time 市公安局
  expect(lb.some((n) => n.unit === '市公安局')).toBe(false);
  expect(of('jiangmen-2024.t14.may-lb1.slj').slice(0, 3)).toEqual([
    'reminder@2024-06-19T09:00:00+08:00',
    'reminder@2024-06-25T09:00:00+08:00',
    'reminder@2024-06-27T09:00:00+08:00',
  ]);
  expect(of('jiangmen-2024.t14.may-lb1-zg.jtysj')).toEqual([
    'reminder@2024-07-22T09:00:00+08:00',
    'reminder@2024-07-26T09:00:00+08:00',
    'reminder@2024-07-30T09:00:00+08:00',
  ]);
  expect(ledger('jiangmen-2024.t14.may-lb1-zg.jtysj')).toMatchObject({ stage: 'accepted', duty: '整改：执法全过程记录不全' });
});

test('the ledger shows each obligation’s final state; the annual summary is compiled at year end and goes out on 2025-01-02 at 09:00', () => {
  expect(r.ledger.length).toBeGreaterThanOrEqual(439);
  expect(ledger('jiangmen-2024.t14.may.gaj')).toMatchObject({ stage: 'accepted', light: 'green' });
  expect(ledger('jiangmen-2024.t14.may.slj')).toMatchObject({ stage: 'overdue', light: 'red', level: 3 });
  expect(ledger('jiangmen-2024.t5.midterm.gaj')).toMatchObject({ stage: 'submitted' });
  expect(ledger('jiangmen-2024.t8.annual.scjgj')?.submission?.figures).toEqual({
    'local-standards': 2,
    'normative-documents': 5,
    'self-standards': 3,
  });
  expect(r.annual).toHaveLength(1);
  expect(r.annual[0]).toMatchObject({ at: '2024-12-31T23:59:59+08:00', sentAt: '2025-01-02T09:00:00+08:00', to: ['市司法局'] });
  expect(r.annual[0].byStage.accepted).toBeGreaterThanOrEqual(7);
  expect(r.notices.filter((n) => n.step === '年度总结').map((n) => n.at)).toEqual(['2025-01-02T09:00:00+08:00']);
  // Year-end deadlines escalate into January, on 2025's working days.
  expect(of('jiangmen-2024.t1.annual.slj').slice(-3)).toEqual([
    '催办@2025-01-02T09:00:00+08:00',
    '督办@2025-01-06T09:00:00+08:00',
    '通报@2025-01-10T09:00:00+08:00',
  ]);
});

test('the annual summary ranks the units by what the cast did (default rules: the plan declares none)', () => {
  const ranking = r.annual[0].ranking!;
  const unit = (name: string) => ranking.find((u) => u.unit === name)!;
  expect(new Set(ranking.map((u) => u.unit)).size).toBe(new Set(r.ledger.map((s) => s.unit)).size);
  // Each obligation the cast touched, scored as of year end.
  const scored = new Map(
    scoreUnits(r.ledger, DEFAULT_SCORING, Date.parse(YEAR_END)).flatMap((u) => u.obligations.map((o) => [o.id, o] as const)),
  );
  const points = (id: string) => scored.get(id)?.items.map((i) => `${i.rule} ${i.points}`);
  expect(points('jiangmen-2024.t14.may.gaj')).toEqual(['onTime 2']);
  expect(points('jiangmen-2024.t14.nov.gaj')).toEqual(['onTime 2']);
  expect(points('jiangmen-2024.t5.midterm.gaj')).toEqual(['onTime 2']); // submitted, not yet reviewed
  // Due Friday 05-31, reported Tuesday 06-04 (2 working days) after its 催办.
  expect(points('jiangmen-2024.t14.may.jtysj')).toEqual(['late -2', '催办 -1']);
  expect(points('jiangmen-2024.t14.may-lb1.jtysj')).toEqual(['onTime 2']);
  expect(points('jiangmen-2024.t14.may-lb1-zg.jtysj')).toEqual(['finding -2']);
  // Returned once, the second report in by the new deadline.
  expect(points('jiangmen-2024.t14.may.scjgj')).toEqual(['onTime 2', 'returned -1']);
  // Silent up to 通报: lateness capped at 5, and every rung.
  expect(points('jiangmen-2024.t14.may.slj')).toEqual(['missing -5', '催办 -1', '督办 -2', '通报 -5']);
  expect(points('jiangmen-2024.t15.rectify.kaiping')).toEqual(['onTime 2']); // by its extended deadline
  expect(points('jiangmen-2024.t17.cleanup.taishan')).toEqual(['onTime 2']);
  expect(scored.has('jiangmen-2024.t14.nov.swj')).toBe(false); // cancelled: not scored
  // At year end every silent dated obligation (mid-term, November, tasks 15, 16 and 17, a 回头看) has reached
  // 通报: −5 lateness and −8 for the rungs, −13 each; year-end obligations are due that very second (0).
  // 市公安局: May, November and mid-term on time (+6), tasks 15, 16, 17 silent (−39).
  expect(unit('市公安局')).toMatchObject({ score: -33, onTime: 3, missing: 3 });
  // 市交通运输局: May late with 催办 (−3), its 回头看 on time (+2), a finding (−2), five silent (−65).
  expect(unit('市交通运输局')).toMatchObject({ score: -68, onTime: 1, late: 1, missing: 5, findings: 1, returned: 0 });
  // 市市场监管局: May returned and resubmitted (+1), task 8 on time (+2), its 回头看 and five more silent (−78).
  expect(unit('市市场监管局')).toMatchObject({ score: -75, onTime: 2, returned: 1, missing: 6 });
  // 市水利局: silent throughout: May, its 回头看 and five more (−91).
  expect(unit('市水利局')).toMatchObject({ score: -91, onTime: 0, missing: 7 });
  expect(unit('市公安局').rank).toBeLessThan(unit('市交通运输局').rank);
  expect(unit('市市场监管局').rank).toBeLessThan(unit('市水利局').rank);
});

test("the bureau's own part is chased like any unit's: its office, its leader, then the government office", () => {
  const own = r.notices.filter((n) => n.obligation === 'jiangmen-2024.t15.rectify.sfj' && n.step !== 'acknowledge');
  expect(own.map((n) => `${n.step} ${n.to.join()}`)).toEqual([
    'reminder 行政执法协调监督科联络员 <sfj-contact@example.org>',
    'reminder 行政执法协调监督科联络员 <sfj-contact@example.org>',
    'reminder 行政执法协调监督科联络员 <sfj-contact@example.org>',
    '催办 市司法局分管领导 <sfj-leader@example.org>',
    '督办 市政府办公室联络员 <szfb-contact@example.org>',
    '通报 市政府办公室联络员 <szfb-contact@example.org>',
  ]);
  expect(ledger('jiangmen-2024.t1.annual.sfj')).toMatchObject({ unit: '市司法局', stage: 'overdue' });
  expect(r.annual[0].total).toBe(r.ledger.length);
});

test('every recorded history replays against the current workflow code (determinism)', async () => {
  const results = Worker.runReplayHistories(
    { workflowBundle: await workflowBundle() },
    [...histories].map(([workflowId, history]) => ({ workflowId, history })),
  );
  const outcomes: [string, unknown][] = [];
  for await (const res of results) outcomes.push([res.workflowId, res.error]);
  expect(outcomes).toEqual([...histories.keys()].map((id) => [id, undefined]));
  // Save them as fixtures for future replays when asked to.
  if (process.env.DUBAN_RECORD_HISTORIES) {
    // Each recording goes to its own folder (named by the variable), next to those of older code.
    const dir = path.join(PROJECT_ROOT, 'test/fixtures/histories', process.env.DUBAN_RECORD_HISTORIES);
    fs.mkdirSync(dir, { recursive: true });
    // The plan's own history (megabytes of signals) is replayed above but not kept.
    for (const [id, h] of histories) if (id.includes('.')) fs.writeFileSync(path.join(dir, `${id}.json`), historyToJSON(h));
  }
});

// Every 公文 of this year, from its ledger, read back and rendered (test/simulation/year-documents.ts).
yearDocumentTests(() => ({ env, r }));
