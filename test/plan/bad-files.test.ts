// Each kind of broken plan or directory file is refused with the file, the line, the field and a plain message.
import { alter, directoryText as dir, lineOf, planText as plan, refusals } from '../helpers/plan-files';

const P = 'plans/jiangmen-2024.yaml';
const D = 'plans/directory.yaml';

test('the shipped files load', () => {
  expect(refusals(plan, dir)).toEqual([]);
});

describe('a plan file', () => {
  test('with broken YAML', () => {
    const bad = alter(plan, 'implementing: [各县(市、区)政府]\n  - no: 11', 'implementing: [各县(市、区)政府\n  - no: 11');
    const [first] = refusals(bad, dir);
    expect(first).toMatch(new RegExp(`^${P}:\\d+ \\(文件\\): YAML 语法错误 \\(`));
  });

  test('with an alias bomb (aliases expanding to billions of nodes): refused quickly, at the first alias', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    const bad = plan.replace('\ntasks:', `\nbomb:\n${bomb.replace(/^/gm, '  ')}\ntasks:`);
    const started = Date.now();
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '*a, *a')} (文件): YAML 别名（*引用）展开过多，文件不予读取 (Excessive alias count indicates a resource exhaustion attack)`,
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('with a misspelt field', () => {
    const bad = alter(plan, '    title: "加强学习贯彻"', '    titel: "加强学习贯彻"');
    // A missing field is reported where its object starts; an unknown one where it is written.
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '  - no: 1\n')} tasks[0].title: 缺少必填字段 (required field is missing)`,
      `${P}:${lineOf(bad, 'titel')} tasks[0].titel: 未知字段 "titel" (unknown field "titel")`,
    ]);
  });

  test('without its supervisor', () => {
    const bad = alter(plan, 'supervisor: 市司法局\n', '');
    expect(refusals(bad, dir)).toEqual([`${P}:9 supervisor: 缺少必填字段 (required field is missing)`]);
  });

  test('with a date that does not exist', () => {
    const bad = alter(plan, 'due: 2024-08-31            # 今年8月底前', 'due: 2024-08-32');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '2024-08-32')} tasks[4].duties[0].due: 不是有效的日期 (not a valid calendar date)`,
    ]);
  });

  test('with a date in another format', () => {
    const bad = alter(plan, 'issued: 2024-05-15', 'issued: 2024/05/15');
    expect(refusals(bad, dir)).toEqual([`${P}:${lineOf(bad, '2024/05/15')} issued: 日期格式应为 YYYY-MM-DD (date must be YYYY-MM-DD)`]);
  });

  test('naming a unit the directory does not know, with a suggestion', () => {
    const bad = alter(plan, 'responsible: [市司法局, 市公安局, 市交通运输局,', 'responsible: [市司法局, 市公安厅, 市交通运输局,');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '市公安厅')} tasks[16].responsible[1]: 未知的单位或分组 "市公安厅"，是否指 "市公安局"？ (unknown unit or group "市公安厅"; did you mean "市公安局"?)`,
    ]);
  });

  test('with two tasks under one number', () => {
    const bad = alter(plan, '  - no: 11\n', '  - no: 10\n');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '  - no: 10\n    group: 四')} tasks[10].no: 任务序号 10 重复（第 10 项已使用） (duplicate task number 10 (already used by item 10))`,
    ]);
  });

  test('with a deadline outside the plan year and no flag', () => {
    const bad = alter(plan, 'due: 2024-11-30            # 今年11月底前', 'due: 2025-01-15');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, '2025-01-15')} tasks[13].duties[1].due: 截止日期 2025-01-15 不在方案年度 2024 内；如确需跨年，请加 crossesYear: true (deadline 2025-01-15 is outside the plan year 2024; add crossesYear: true if intended)`,
    ]);
    // The flag makes it deliberate.
    expect(refusals(alter(plan, 'due: 2024-11-30            # 今年11月底前', 'due: 2025-01-15\n        crossesYear: true'), dir)).toEqual(
      [],
    );
  });

  test('with a duty that has no recipient', () => {
    const bad = alter(
      plan,
      '        what: 涉企乱罚款专项整治完成情况\n        from: task\n        to: [市司法局]',
      '        what: 涉企乱罚款专项整治完成情况\n        from: task\n        to: []',
    );
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, 'to: []')} tasks[14].duties[0].to: 报送事项没有接收单位（to 为空） (duty has no recipient (empty "to"))`,
    ]);
  });

  test('sending to a body nobody knows', () => {
    const bad = alter(plan, 'compiledTo: [江门市人民政府]', 'compiledTo: [江门市政府]');
    expect(refusals(bad, dir)[0]).toMatch(
      /tasks\[4\]\.duties\[0\]\.compiledTo\[0\]: 未知的接收单位 "江门市政府"，是否指 "江门市人民政府"？/,
    );
  });

  test('with a task in a group that does not exist', () => {
    const bad = alter(plan, '  - no: 10\n    group: 三', '  - no: 10\n    group: 六');
    expect(refusals(bad, dir)).toEqual([`${P}:${lineOf(bad, 'group: 六')} tasks[9].group: 未知的任务组 "六" (unknown group "六")`]);
  });

  test('with a target reported in a duty the task does not have', () => {
    const bad = alter(plan, 'unit: 项, comparator: at-least, reportIn: annual', 'unit: 项, comparator: at-least, reportIn: anual');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, 'reportIn: anual')} tasks[8].targets[0].reportIn: 未知的报送事项 "anual"，是否指 "annual"？ (unknown duty "anual"; did you mean "annual"?)`,
    ]);
  });

  test('with a duty id that cannot become part of a workflow id', () => {
    const bad = alter(plan, '      - id: cleanup', '      - id: Clean Up');
    expect(refusals(bad, dir)).toEqual([
      `${P}:${lineOf(bad, 'Clean Up')} tasks[16].duties[0].id: 只能用小写字母、数字和 -，以字母开头 (lowercase letters, digits and -, starting with a letter)`,
    ]);
  });
});

describe('a directory file', () => {
  test('with an empty group', () => {
    const bad = alter(dir, 'members: [蓬江区, 江海区, 新会区, 台山市, 开平市, 鹤山市, 恩平市]', 'members: []');
    expect(refusals(plan, bad)).toEqual([
      `${D}:${lineOf(bad, 'members: []')} groups[1].members: 分组 "各县(市、区)政府" 没有成员 (group "各县(市、区)政府" has no members)`,
    ]);
  });

  test('with a cycle in the escalation chain', () => {
    const bad = alter(dir, '    escalatesTo: null                # top of every chain: receives 通报', '    escalatesTo: 市司法局');
    expect(refusals(plan, bad)).toEqual([
      `${D}:${lineOf(bad, 'escalatesTo: 市政府办公室')} units[0].escalatesTo: 督办链形成循环：市司法局 → 市政府办公室 → 市司法局 (escalation chain has a cycle: 市司法局 -> 市政府办公室 -> 市司法局)`,
      `${D}:${lineOf(bad, '    escalatesTo: 市司法局\n\n')} units[1].escalatesTo: 督办链形成循环：市政府办公室 → 市司法局 → 市政府办公室 (escalation chain has a cycle: 市政府办公室 -> 市司法局 -> 市政府办公室)`,
    ]);
  });

  test('with two units under one code', () => {
    const bad = alter(dir, '    code: kaiping\n', '    code: taishan\n');
    expect(refusals(plan, bad)).toEqual([
      `${D}:${lineOf(bad, 'code: taishan\n    kind: county\n    government: 开平市')} units[28].code: 代码 "taishan" 与 "台山市" 重复 (code "taishan" is already used by "台山市")`,
    ]);
  });

  test('with a malformed e-mail address and mobile number', () => {
    const bad = alter(dir, 'email: gaj-contact@example.org, mobile: "19900000151"', 'email: gaj-contact.example.org, mobile: "1990000015"');
    const line = lineOf(bad, 'gaj-contact.example.org');
    expect(refusals(plan, bad)).toEqual([
      `${D}:${line} units[12].contact.email: 不是有效的电子邮箱地址 (not a valid e-mail address)`,
      `${D}:${line} units[12].contact.mobile: 手机号应为 11 位数字，以 1 开头 (mobile must be 11 digits starting with 1)`,
    ]);
  });

  test('with a group member that is not a unit', () => {
    const bad = alter(dir, 'members: [市自然资源局, 市农业农村局,', 'members: [市自然资源厅, 市农业农村局,');
    expect(refusals(plan, bad)[0]).toBe(
      `${D}:${lineOf(bad, '市自然资源厅')} groups[0].members[0]: 未知的单位 "市自然资源厅"，是否指 "市自然资源局"？ (unknown unit "市自然资源厅"; did you mean "市自然资源局"?)`,
    );
  });

  test('never with a stack trace, even for a file that is not YAML at all', () => {
    const lines = refusals(plan, '\u0000\u0001 binary: [');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/\n\s+at /);
  });
});
