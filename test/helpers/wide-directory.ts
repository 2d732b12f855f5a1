// A directory of many units (区县单位0001 …, codes u0001 …), each with a contact and a leader reached by mail and
// SMS, under one bureau (司法局, with its 督查科长): the size of a province's offices, for the tests and benchmarks
// that need hundreds or thousands of units.
import type { DateTime } from 'luxon';
import type { FileText } from '../../domain/plan/load';
import { oneTaskPlan } from './one-task-plan';

export const unitCode = (i: number) => `u${String(i + 1).padStart(4, '0')}`;
export const unitName = (i: number) => `区县单位${String(i + 1).padStart(4, '0')}`;
const mobile = (i: number, role: number) => `199${String(role)}${String(i + 1).padStart(7, '0')}`;

/** The directory's YAML with `units` units. */
export function wideDirectoryYaml(units: number): string {
  const lines = [
    'defaults: { government: 市政府, parentGovernment: 省政府, judicialBureau: 司法局, escalatesTo: 司法局 }',
    'units:',
    '  - { name: 司法局, code: sfj, kind: bureau, escalatesTo: null, contact: { name: 司法局联络员, email: sfj@example.org, mobile: "19900000001" }, leader: { name: 司法局领导, email: sfj-l@example.org, mobile: "19900000002" }, supervisor: { name: 督查科长, email: sfj-s@example.org, mobile: "19900000003" } }',
  ];
  for (let i = 0; i < units; i++) {
    const code = unitCode(i);
    lines.push(
      `  - { name: ${unitName(i)}, code: ${code}, kind: department, contact: { name: ${unitName(i)}联络员, email: ${code}@example.org, mobile: "${mobile(i, 1)}" }, leader: { name: ${unitName(i)}领导, email: ${code}-l@example.org, mobile: "${mobile(i, 2)}" } }`,
    );
  }
  lines.push(
    'recipients:',
    '  - { name: 市政府, code: szf, email: szf@example.org }',
    '  - { name: 省政府, code: sheng, email: sheng@example.org }',
  );
  return lines.join('\n') + '\n';
}

/**
 * A plan (id wide-<year>) whose task 1 is owed by all `units` units of the wide directory and task 2 by the first
 * two, both due on `due`, with that directory: the files as a notice of a province's offices would give them.
 */
export function widePlanFiles(units: number, due: DateTime): { plan: FileText; directory: FileText } {
  const names = Array.from({ length: units }, (_, i) => unitName(i)).join(', ');
  const second = `  - no: 2
    group: 一
    title: 宣传工作
    text: 宣传工作。
    responsible: [${unitName(0)}, ${unitName(1)}]
    duties:
      - { id: publicity, what: 宣传情况, from: task, to: [司法局], due: ${due.toISODate()} }
`;
  const plan = oneTaskPlan('wide', '全省清理工作', due, second).replace('responsible: [甲局, 乙局]', `responsible: [${names}]`);
  return {
    plan: { file: 'plans/wide.yaml', text: plan },
    directory: { file: 'plans/wide-directory.yaml', text: wideDirectoryYaml(units) },
  };
}
