// A duty owed by a province's units: its round carries what the obligations share once, so 2,000 units fit in
// one round; a duty owed by more than one round can carry is refused when the plan is read, with file and line.
import { DateTime } from 'luxon';
import { loadPlan } from '../../domain/plan/load';
import { PlanFileError } from '../../domain/plan/issues';
import { planRunSpec } from '../../domain/obligation/spec';
import { packedRoundBytes, packRound, ROUND_INPUT_MAX_BYTES, unpackRound } from '../../domain/obligation/packed-round';
import { oneTaskPlan } from '../helpers/one-task-plan';
import { lineOf } from '../helpers/plan-files';
import { widePlanFiles } from '../helpers/wide-directory';

const due = DateTime.fromISO('2027-06-30', { zone: 'Asia/Shanghai' });

const widePlan = (units: number) => {
  const files = widePlanFiles(units, due);
  return { text: files.plan.text, loaded: loadPlan(files.plan, files.directory) };
};

test('a round of 2,500 units packs into well under the server’s 2 MiB, and unpacks to the same obligations', () => {
  const round = planRunSpec(widePlan(2500).loaded).rounds.find((r) => r.task === 1)!;
  expect(round.obligations).toHaveLength(2500);
  const written = new TextEncoder().encode(JSON.stringify(round)).length;
  const packed = packedRoundBytes(round);
  expect(written).toBeGreaterThan(2 * 1024 * 1024); // what the server refused before rounds were packed
  expect(packed).toBeLessThan(written / 2);
  expect(packed).toBeLessThan(ROUND_INPUT_MAX_BYTES);
  // Through JSON, as the payload converter carries it: every obligation exactly as it was.
  expect(unpackRound(JSON.parse(JSON.stringify(packRound(round))))).toEqual(round);
  // A round started before packing, written out, is read as it is.
  expect(unpackRound(round)).toBe(round);
});

test('a round whose obligations differ in a field keeps that field per obligation', () => {
  const round = planRunSpec(widePlan(3).loaded).rounds.find((r) => r.task === 1)!;
  const extended = { ...round, obligations: round.obligations.map((o, i) => (i === 1 ? { ...o, due: '2027-07-31T23:59:59+08:00' } : o)) };
  const packed = packRound(extended);
  expect(packed.shared.due).toBeUndefined();
  expect(packed.shared.ladderConfig).toEqual(round.obligations[0]!.ladderConfig);
  expect(packed.members.map((m) => m.due)).toEqual(['2027-06-30T23:59:59+08:00', '2027-07-31T23:59:59+08:00', '2027-06-30T23:59:59+08:00']);
  expect(unpackRound(packed)).toEqual(extended);
});

test('a duty owed by more units than one round carries is refused at its task, naming the duty and what to do', () => {
  let refused: unknown;
  try {
    widePlan(4500);
  } catch (err) {
    refused = err;
  }
  expect(refused).toBeInstanceOf(PlanFileError);
  const issues = (refused as PlanFileError).issues;
  expect(issues).toHaveLength(1); // task 2, owed by two units, is fine
  expect(issues[0]).toMatchObject({
    file: 'plans/wide.yaml',
    line: lineOf(oneTaskPlan('wide', '全省清理工作', due), '  - no: 1'),
    path: 'tasks[0]',
  });
  expect(issues[0]!.zh).toMatch(
    /^任务 1 的“清理结果”由 4500 个单位报送，一轮承载不下（约 \d+ KB，上限 1500 KB）：请把报送单位分到几项任务或几项报送要求中$/,
  );
});
