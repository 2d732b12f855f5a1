// `duban calendar check` and what `duban plan check` says of a year without a holiday arrangement, as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban } from '../helpers/processes';
import { directoryText, planText } from '../helpers/plan-files';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-calendar-'));
  fs.writeFileSync(path.join(dir, 'plan.yaml'), planText);
  fs.writeFileSync(path.join(dir, 'directory.yaml'), directoryText);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('plan check names the year without an arrangement and the file to fill in; once filled in, it is used', async () => {
  const plan = path.join(dir, 'plan.yaml');
  const calendar = path.join(dir, 'calendar.yaml');
  const before = await duban(['plan', 'check', plan, '--year', '2027'], {});
  expect(before.code).toBe(0);
  expect(before.stdout).toContain(
    `警告：2027 年没有节假日安排：请在 ${calendar} 中填写国务院公布的 2027 年放假和调休上班日期；填写之前按周一至周五为工作日计算`,
  );
  fs.copyFileSync('test/fixtures/calendar/calendar-2027.yaml', calendar);
  const after = await duban(['plan', 'check', plan, '--year', '2027'], {});
  expect(after.code).toBe(0);
  expect(after.stdout).not.toContain('2027 年没有节假日安排');
  const checked = await duban(['calendar', 'check', '--directory', path.join(dir, 'directory.yaml')], {});
  expect(checked.stdout).toBe(`2027 年：放假 17 天，调休上班 2 天（2027-02-20、2027-10-09）\n${calendar} 校验通过。\n`);
});

test('a bad calendar file stops plan check and calendar check with file:line in Chinese', async () => {
  const calendar = path.join(dir, 'calendar.yaml');
  fs.writeFileSync(
    calendar,
    'years:\n  - year: 2027\n    holidays:\n      - { name: 春节, from: 2027-02-06, to: 2027-02-12 }\n    workdays: [2027-02-08]\n',
  );
  for (const args of [
    ['plan', 'check', path.join(dir, 'plan.yaml'), '--year', '2027'],
    ['calendar', 'check', '--directory', path.join(dir, 'directory.yaml')],
  ]) {
    const r = await duban(args, {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${calendar}:5 years[0].workdays[0]: 2027-02-08 既是放假日又是调休上班日 (2027-02-08 is both a holiday and a working day)`,
    );
  }
});
