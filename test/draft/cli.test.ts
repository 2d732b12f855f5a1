// `duban plan draft` and `duban plan diff`, run as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { duban } from '../helpers/processes';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-draft-cli-'));
const NOTICE = 'plans/sources/plan-notice-jiangmen-2024.txt';
const DIRECTORY = path.join(work, 'directory.yaml');
fs.copyFileSync('plans/directory.yaml', DIRECTORY);

test('draft writes the plan, prints the counts and every open point with its line, and exits 1', async () => {
  const out = path.join(work, 'jiangmen-2024.yaml');
  const r = await duban(['plan', 'draft', NOTICE, '--directory', DIRECTORY, '--out', out], {});
  expect(r.code).toBe(1);
  expect(r.stdout.trim().split('\n')).toEqual([
    `已写入方案草稿 ${out}`,
    '识别结果：任务组 5 个，任务 17 项，单位和分组 20 个，定日报送事项 7 项，周期性报送事项 0 项，量化指标 5 项',
    '待确认事项 3 项：',
    '  第16行：任务5：“定期梳理总结开展情况报送同级司法行政部门”未规定时限（定期），暂按年底 2024-12-31',
    '  第29行：任务15：“2024年10月20日前完成整治工作”未写明报送对象，暂定报市司法局',
    '  第30行：任务16：“2024年10月20日前完成整治工作”未写明报送对象，暂定报市司法局',
  ]);
  const plan = parse(fs.readFileSync(out, 'utf8'));
  expect(plan.id).toBe('jiangmen-2024');
  expect(plan.directory).toBe('directory.yaml');
  // plan check accepts it as drafted.
  const check = await duban(['plan', 'check', out], {});
  expect(check.stdout).toContain('校验通过。');
  expect(check.code).toBe(0);
});

test('draft exits 0 when nothing is open, and prints the plan on stdout without --out', async () => {
  const notice = path.join(work, 'clean.txt');
  fs.writeFileSync(
    notice,
    [
      '江门市司法局',
      '2024年1月10日',
      '江门市2024年普法工作要点',
      '一、重点工作',
      '1.开展宪法宣传。12月4日前将宪法宣传周活动情况报市司法局。【市司法局、市委编办按职责分工负责】',
    ].join('\n'),
  );
  const r = await duban(['plan', 'draft', notice, '--directory', DIRECTORY], {});
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('无待确认事项。');
  const plan = parse(r.stdout);
  expect(plan.tasks[0].duties[0]).toMatchObject({ what: '宪法宣传周活动情况', to: ['市司法局'], due: '2024-12-04' });
});

test('draft refuses bad usage and unreadable files with exit 2 and a Chinese message', async () => {
  const missing = await duban(['plan', 'draft', path.join(work, 'nope.docx')], {});
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain(`错误：找不到通知文件 ${path.join(work, 'nope.docx')}`);
  const broken = path.join(work, 'broken.docx');
  fs.writeFileSync(broken, 'not a zip');
  const bad = await duban(['plan', 'draft', broken], {});
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain(`错误：无法读取通知文件 ${broken}：文件已损坏或格式不符`);
  const usage = await duban(['plan', 'draft'], {});
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('错误：缺少参数 notice');
});

test('--directory-out writes the directory with the unknown units added, contacts empty', async () => {
  const out = path.join(work, 'broken-dates.yaml');
  const dirOut = path.join(work, 'directory-draft.yaml');
  const r = await duban(
    [
      'plan',
      'draft',
      'test/fixtures/notices/broken-dates.txt',
      '--directory',
      'test/fixtures/notices/directory.yaml',
      '--out',
      out,
      '--directory-out',
      dirOut,
    ],
    {},
  );
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('  第13行：单位“市应急局”不在单位名录中，是否指“市应急管理局”？');
  expect(r.stdout).toContain(`已写入名录草稿 ${dirOut}（新增 1 个单位或分组，联系人待填写）`);
  const text = fs.readFileSync(dirOut, 'utf8');
  expect(text).toContain('# Unit directory for the test notices'); // the given directory's comments stay
  expect(text).toContain('# 通知第13行（名录中有相近的“市应急管理局”）：请填写代码、联系人和分管领导');
  const dir = parse(text);
  expect(dir.units.at(-1)).toEqual({
    name: '市应急局',
    code: 'unit-1',
    kind: 'department',
    contact: { name: '', email: '' },
    leader: { name: '', email: '' },
  });
  expect(parse(fs.readFileSync(out, 'utf8')).directory).toBe('directory-draft.yaml');
});

test('plan diff lists the differences both ways and exits 1; the same plan exits 0', async () => {
  const out = path.join(work, 'diff-draft.yaml');
  await duban(['plan', 'draft', NOTICE, '--directory', DIRECTORY, '--out', out], {});
  const shipped = 'plans/jiangmen-2024.yaml';
  const ab = await duban(['plan', 'diff', shipped, out], {});
  expect(ab.code).toBe(1);
  // The draft is the shipped plan but for the id it takes from its file name.
  expect(ab.stdout.trim().split('\n')).toEqual([
    `两个方案文件有 1 处不同（${shipped} → ${out}）：`,
    '  方案 id：jiangmen-2024 → diff-draft',
  ]);
  const ba = await duban(['plan', 'diff', out, shipped], {});
  expect(ba.code).toBe(1);
  expect(ba.stdout).toContain('  方案 id：diff-draft → jiangmen-2024');
  // Another year's plan: every date and the units of one task changed.
  const next = path.join(work, 'next.yaml');
  fs.writeFileSync(
    next,
    fs
      .readFileSync(shipped, 'utf8')
      .replace('due: 2024-10-15', 'due: 2024-10-31')
      .replace('responsible: [市委编办, 市司法局', 'responsible: [市司法局'),
  );
  const changed = await duban(['plan', 'diff', shipped, next], {});
  expect(changed.code).toBe(1);
  expect(changed.stdout).toContain('  任务4 责任单位：市司法局、市委编办、市直各行政执法部门 → 市司法局、市直各行政执法部门');
  expect(changed.stdout).toContain('  任务17 报送事项 cleanup due：2024-10-15 → 2024-10-31');
  // The same plan, reformatted and with its comments gone, means the same plan.
  const same = path.join(work, 'same.yaml');
  fs.writeFileSync(same, JSON.stringify(parse(fs.readFileSync(shipped, 'utf8'))));
  const r = await duban(['plan', 'diff', shipped, same], {});
  expect(r.stdout.trim()).toBe('两个方案文件内容相同（格式、注释和单位顺序不计）。');
  expect(r.code).toBe(0);
});
