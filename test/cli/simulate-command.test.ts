// `duban simulate`, run as a user runs it, on a two-unit plan (the full year is covered in test/simulation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban } from '../helpers/processes';

const PLAN = 'test/fixtures/plans/tiny.yaml';
const CAST = 'test/fixtures/plans/tiny-cast.yaml';

test('--json prints every notice in time order with at, step, task, unit, obligation, channels, to', async () => {
  const r = await duban(['simulate', PLAN, '--cast', CAST, '--json'], {});
  expect(r.code).toBe(0);
  const notices = JSON.parse(r.stdout) as {
    at: string;
    step: string;
    unit?: string;
    obligation?: string;
    channels: string[];
    to: string[];
  }[];
  // The plan is issued on Oct 8: the 7th working day before Oct 15 (Sep 30) is skipped; the 3rd is Friday
  // Oct 11 because Saturday Oct 12 is a make-up working day. 甲局 acknowledges on Oct 9 (the cast); 乙局 never
  // does: a 签收提醒 to its contact on the 2nd working day after the issue date, and to its leader the day after.
  expect(notices.map((n) => `${n.at} ${n.step} ${n.unit ?? ''}`)).toEqual([
    '2024-10-10T09:00:00+08:00 acknowledge 乙局',
    '2024-10-11T09:00:00+08:00 acknowledge 乙局', // one unit's notices at one instant: in the order of their steps
    '2024-10-11T09:00:00+08:00 reminder 乙局',
    '2024-10-11T09:00:00+08:00 reminder 甲局',
    '2024-10-14T09:00:00+08:00 reminder 乙局',
    '2024-10-14T09:00:00+08:00 reminder 甲局',
    '2024-10-16T09:00:00+08:00 汇总 ', // compiled at the deadline, delivered at the next office hour
    '2024-10-16T09:00:00+08:00 催办 乙局',
    '2024-10-18T09:00:00+08:00 督办 乙局',
    '2024-10-24T09:00:00+08:00 通报 乙局',
    '2025-01-02T09:00:00+08:00 年度总结 ', // compiled at year end; New Year's Day is a holiday
  ]);
  expect(notices[0]).toMatchObject({ obligation: 'tiny-2024.t1.cleanup.yi', to: ['乙局联络员 <yi@example.org>'] });
  expect(notices[1].to).toEqual([expect.stringMatching(/^乙局领导 </)]);
  expect(notices[2]).toMatchObject({
    obligation: 'tiny-2024.t1.cleanup.yi',
    channels: ['email', 'sms'],
    to: ['乙局联络员 <yi@example.org>'],
  });
  expect(notices[6]).toMatchObject({
    compiledAt: '2024-10-15T23:59:59+08:00',
    to: ['司法局'],
    summary: { onTime: ['甲局'], late: [], missing: ['乙局'] },
  });
  expect(notices[10]).toMatchObject({ compiledAt: '2024-12-31T23:59:59+08:00' });
  // 通报 goes to the top of the chain (司法局 has no one above it here, so its supervisor).
  expect(notices[9].to).toEqual(['督查科长 <sfj-s@example.org>']);
}, 120_000);

test("the lean sandbox `duban simulate` starts under changes nothing: the same notices as with the SDK's own", async () => {
  const args = ['simulate', PLAN, '--cast', CAST, '--json'];
  const [lean, standard] = await Promise.all([duban(args, {}), duban(args, { DUBAN_SIMULATION_SANDBOX: 'standard' })]);
  expect(lean.code).toBe(0);
  expect(standard.code).toBe(0);
  expect(JSON.parse(lean.stdout)).toEqual(JSON.parse(standard.stdout));
  expect(JSON.parse(lean.stdout).length).toBe(11);
}, 120_000);

test('without --json: a readable timeline with totals', async () => {
  const r = await duban(['simulate', PLAN], {});
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('2024-10-16 09:00  催办  任务1 甲局 → 甲局领导');
  expect(r.stdout).toContain(
    '2024-10-16 09:00  汇总  任务1 tiny-2024.t1.cleanup：按时 0，逾期 0，未报 2 → 司法局（情况截至 2024-10-15 23:59）',
  );
  expect(r.stdout).toContain('2025-01-02 09:00  年度总结 → 司法局（情况截至 2024-12-31 23:59）');
  expect(r.stdout).toContain('2024-10-11 09:00  签收提醒  任务1 甲局 → 甲局领导'); // nobody acknowledges without a cast
  expect(r.stdout).toContain('合计：签收提醒 4，提醒 4，催办 2，督办 2，通报 2，汇总 1，年度总结 1');
  expect(r.stdout).not.toContain('WARN');
}, 120_000);

test('a broken cast file is refused with file, line and field before anything runs', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-cast-'));
  const bad = path.join(dir, 'cast.yaml');
  fs.writeFileSync(
    bad,
    '- { at: 2024-10-14T10:00, action: submit, unit: 甲局, task: 1, text: 缺少报送人 }\n- { at: 10/14, action: shout }\n',
  );
  const r = await duban(['simulate', PLAN, '--cast', bad], {});
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${bad}:1 [0].by: 缺少必填字段 (required field is missing)`);
  expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.]/g, '\\.')}:2 \\[1\\]\\.action: `));
  fs.rmSync(dir, { recursive: true });
});
