// `duban plan check` and `duban plan obligations`, run as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban } from '../helpers/processes';
import { alter, directoryText, lineOf, planText } from '../helpers/plan-files';

const PLAN = 'plans/jiangmen-2024.yaml';

test('plan check prints the summary of a good plan and exits 0', async () => {
  const r = await duban(['plan', 'check', PLAN], {});
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('方案：江门市2024年度行政执法监督工作方案（jiangmen-2024，2024 年度）');
  expect(r.stdout).toContain('任务组 5 个，任务 17 项，涉及单位 31 个，报送事项 439 项');
  expect(r.stdout).toContain('2024-05-31（周五）  共 17 项');
  expect(r.stdout).toContain('2024-10-20（周日）  共 51 项');
  expect(r.stdout).toContain(
    '考核计分规则（未规定，按默认）：按时报送 +2（整改事项不加分）；逾期报送或逾期未报送：每个工作日 −1，每项最多 −5；',
  );
  expect(r.stdout).toContain('校验通过。');
});

test('plan check refuses a broken scoring block with file, line and field', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-plan-'));
  const bad = alter(planText, '\ngroups:\n', '\nscoring:\n  onTime: 3\n  escalation: { 督办: -2 }\n  lateCap: 0.5\ngroups:\n');
  fs.writeFileSync(path.join(dir, 'plan.yaml'), bad);
  fs.writeFileSync(path.join(dir, 'directory.yaml'), directoryText);
  const file = path.join(dir, 'plan.yaml');
  const r = await duban(['plan', 'check', file], {});
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`${file}:${lineOf(bad, '督办: -2')} scoring.escalation.督办: 分值不能为负数（扣分也写正数）`);
  // Fixed, the plan's own rules show in the summary (and the cap below a day's deduction is refused next).
  const fixed = bad.replace('督办: -2', '督办: 2');
  fs.writeFileSync(file, fixed);
  const again = await duban(['plan', 'check', file], {});
  expect(again.stderr).toContain(
    `${file}:${lineOf(fixed, 'lateCap: 0.5')} scoring.lateCap: 逾期扣分上限 lateCap（0.5）小于每个工作日的扣分 latePerWorkingDay（1）`,
  );
  fs.writeFileSync(file, fixed.replace('lateCap: 0.5', 'lateCap: 3'));
  const good = await duban(['plan', 'check', file], {});
  expect(good.code).toBe(0);
  expect(good.stdout).toContain(
    '考核计分规则：按时报送 +3（整改事项不加分）；逾期报送或逾期未报送：每个工作日 −1，每项最多 −3；催办 −1，督办 −2，通报 −5',
  );
  fs.rmSync(dir, { recursive: true });
});

test('plan check lists every problem with file, line and field, and exits 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-plan-'));
  const bad = alter(
    alter(planText, '  - no: 11\n', '  - no: 10\n'),
    'compiledTo: [江门市人民政府]',
    'compiledTo: []\n        cc: [市公安厅]',
  );
  fs.writeFileSync(path.join(dir, 'plan.yaml'), bad);
  fs.writeFileSync(path.join(dir, 'directory.yaml'), directoryText);
  const file = path.join(dir, 'plan.yaml');

  const r = await duban(['plan', 'check', file], {});
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(
    `${file}:${lineOf(bad, 'cc: [市公安厅]')} tasks[4].duties[0].cc[0]: 未知的接收单位 "市公安厅"，是否指 "市公安局"？`,
  );
  expect(r.stderr).toContain(`${file}:${lineOf(bad, '  - no: 10\n    group: 四')} tasks[10].no: 任务序号 10 重复`);
  expect(r.stderr).toContain('错误：文件有 2 处问题，未通过校验');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  fs.rmSync(dir, { recursive: true });
});

test('plan check on a missing file says so in one line and exits 2', async () => {
  const r = await duban(['plan', 'check', 'plans/nope.yaml'], {});
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe('错误：找不到文件 plans/nope.yaml');
});

test('plan obligations --json gives one object per obligation with its ladder', async () => {
  const r = await duban(['plan', 'obligations', PLAN, '--json'], {});
  expect(r.code).toBe(0);
  const rows = JSON.parse(r.stdout);
  expect(rows).toHaveLength(439);
  expect(rows.find((o: { id: string }) => o.id === 'jiangmen-2024.t15.rectify.kaiping')).toEqual({
    id: 'jiangmen-2024.t15.rectify.kaiping',
    task: 15,
    unit: '开平市',
    duty: '涉企乱罚款专项整治完成情况',
    dutyId: 'rectify',
    due: '2024-10-20T23:59:59+08:00',
    round: 'jiangmen-2024.t15.rectify',
    recipients: { to: ['市司法局'], cc: [] },
    targets: [],
    ladder: [
      { step: 'reminder', key: 'remind-7', at: '2024-10-11T09:00:00+08:00' },
      { step: 'reminder', key: 'remind-3', at: '2024-10-16T09:00:00+08:00' },
      { step: 'reminder', key: 'remind-1', at: '2024-10-18T09:00:00+08:00' },
      { step: '催办', key: 'urge-1', at: '2024-10-21T09:00:00+08:00' },
      { step: '督办', key: 'supervise-3', at: '2024-10-23T09:00:00+08:00' },
      { step: '通报', key: 'notify-7', at: '2024-10-29T09:00:00+08:00' },
    ],
  });
});

test('plan obligations --unit filters to one unit (or a group), --year rebases', async () => {
  const one = JSON.parse((await duban(['plan', 'obligations', PLAN, '--unit', '台山市人民政府', '--json', '--year', '2025'], {})).stdout);
  expect(one).toHaveLength(17);
  expect(new Set(one.map((o: { unit: string }) => o.unit))).toEqual(new Set(['台山市']));
  expect(one[0].id).toBe('jiangmen-2025.t1.annual.taishan');

  const counties = JSON.parse((await duban(['plan', 'obligations', PLAN, '--unit', '各县(市、区)政府', '--json'], {})).stdout);
  expect(counties).toHaveLength(7 * 17);

  // The bureau owes its own part of every task, reported to its government.
  const own = JSON.parse((await duban(['plan', 'obligations', PLAN, '--unit', '市司法局', '--json'], {})).stdout);
  expect(own).toHaveLength(17);
  expect(own.find((o: { task: number }) => o.task === 1).recipients).toEqual({ to: ['江门市人民政府'], cc: [] });
});

test('plan obligations prints a readable table by default and refuses an unknown unit', async () => {
  const table = await duban(['plan', 'obligations', PLAN, '--unit', '市公安局'], {});
  expect(table.stdout).toMatch(/编号\s+│ 任务 │ 单位\s+│ 报送事项/);
  expect(table.stdout).toContain('jiangmen-2024.t17.cleanup.gaj');
  expect(table.stdout).toContain('江门市人民政府、广东省人民政府、抄送 市司法局');
  expect(table.stdout).toContain('共 17 项');

  const unknown = await duban(['plan', 'obligations', PLAN, '--unit', '市公安厅'], {});
  expect(unknown.code).toBe(2);
  expect(unknown.stderr.trim()).toBe('错误：未知的单位 "市公安厅"，是否指 "市公安局"？');

  const badYear = await duban(['plan', 'obligations', PLAN, '--year', '24'], {});
  expect(badYear.code).toBe(2);
  expect(badYear.stderr).toContain('--year 应为 2000–2100 之间的年份');
});
