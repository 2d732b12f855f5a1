// Settling a draft as the board's 导入方案 page does: each review point tied to its field, plan check's problems
// at the field of their path, unknown phrases mapped to a directory unit or added as a new one.
import fs from 'node:fs';
import { parse } from 'yaml';
import { draftPlan } from '../../domain/draft/draft';
import { buildDirectory } from '../../domain/plan/directory';
import { directorySchema } from '../../domain/plan/schema';
import { readYaml, validate } from '../../domain/plan/yaml-source';
import { NEW_UNIT, reviewItems, settle, splitNames, Values } from '../../client/plan-import/settle';

const directoryText = fs.readFileSync('test/fixtures/notices/directory.yaml', 'utf8');
const src = readYaml(directoryText, 'directory.yaml');
const directory = buildDirectory(validate(src, directorySchema), src);
const lines = fs
  .readFileSync('test/fixtures/notices/broken-dates.txt', 'utf8')
  .split('\n')
  .map((text, i) => ({ no: i + 1, text }));
const draft = draftPlan(lines, { directory });
const files = { directoryText, directoryFile: 'directory.yaml', directoryRef: 'directory.yaml', planFile: 'plan.yaml' };

test('every review point names the field it concerns', () => {
  const fields = Object.fromEntries(reviewItems(draft, {}).map((r) => [r.zh.slice(0, 12), r.field]));
  expect(Object.values(fields)).toEqual(
    expect.arrayContaining([
      'tasks[0].duties[0].due', // 615日: a broken date
      'tasks[1].duties[0].due', // 及时: no date
      'tasks[2].duties[0].to', // no recipient
      'tasks[2].duties[0].due', // before the issue date
      'units[0]', // 市应急局
    ]),
  );
  expect(reviewItems(draft, {}).every((r) => !r.settled)).toBe(true);
});

test('unsettled: the unknown unit is a problem at its field, and every point is still open', () => {
  const r = settle(draft, {}, files);
  expect(r.problems['tasks[2].responsible'].join()).toContain('市应急局');
  expect(Object.keys(r.problems)).toEqual(['tasks[2].responsible']);
  expect(r.open.length).toBe(reviewItems(draft, {}).length);
});

test('settled: a chosen unit, a new unit in the directory, dates set, the rest accepted', () => {
  const accept = Object.fromEntries(reviewItems(draft, {}).map((x) => [`accept.${x.key}`, 'on']));
  const edits: Values = {
    ...accept,
    id: 'review-2024',
    'units[0]': '市应急管理局',
    'tasks[0].duties[0].due': '2024-06-15',
    'tasks[2].duties[0].due': '2024-12-20',
    'tasks[3].responsible': '市司法局、市城管局',
  };
  let r = settle(draft, edits, files);
  expect(r.problems['tasks[3].responsible'].join()).toContain('市城管局'); // not in the directory, not a drafted phrase
  edits['tasks[3].responsible'] = '市司法局';
  r = settle(draft, edits, files);
  expect(r.problems).toEqual({});
  expect(r.open).toEqual([]);
  const plan = parse(r.planText);
  expect(plan.tasks[2].responsible).toEqual(['各县(市、区)政府', '市应急管理局']);
  expect(plan.tasks[0].duties[0].due).toBe('2024-06-15');
  expect(r.loaded?.obligations.length).toBeGreaterThan(0);
});

test('a new unit: checked like a directory entry, then added to the directory the plan uses', () => {
  const base: Values = { 'units[0]': NEW_UNIT, 'units[0].contact': '应急局联络员', 'units[0].email': 'yj@example' };
  expect(settle(draft, base, files).problems['units[0].email'].join()).toContain('电子邮箱');
  const r = settle(draft, { ...base, 'units[0].email': 'yj@example.org', 'units[0].mobile': '13800000000' }, files);
  expect(r.problems['units[0].email']).toBeUndefined();
  expect(r.problems['tasks[2].responsible']).toBeUndefined();
  const added = parse(r.directoryText).units.find((u: { name: string }) => u.name === '市应急局');
  expect(added).toMatchObject({ kind: 'department', contact: { name: '应急局联络员', email: 'yj@example.org', mobile: '13800000000' } });
  expect(r.directoryText).toContain('# Unit directory for the test notices'); // the file's comments kept
});

test('unit lists split outside brackets', () => {
  expect(splitNames('各县(市、区)政府、市司法局，市审计局')).toEqual(['各县(市、区)政府', '市司法局', '市审计局']);
});
