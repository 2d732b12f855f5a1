// The deadline-eve rush's plans: a directory of `units` units (u0001 …, each with a contact and a leader reached by
// mail and SMS) and plans whose tasks are owed by 200 of them each, one duty each, due on a given day, notices at 09:00.
import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { oneTaskPlan } from '../../../test/helpers/one-task-plan';
import { MIDNIGHT_LADDER } from '../../../test/helpers/due-today';

export const unitCode = (i: number) => `u${String(i + 1).padStart(4, '0')}`;
const unitName = (i: number) => `区县单位${String(i + 1).padStart(4, '0')}`;
const mobile = (i: number, role: number) => `199${String(role)}${String(i + 1).padStart(7, '0')}`;

function directoryYaml(units: number): string {
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
 * Units per task: a round carries its obligations' specs in its input, and a duty owed by 2,000 units made that input
 * larger than the cluster's 2 MB limit on a workflow's input.
 */
export const UNITS_PER_TASK = 200;

/**
 * A plan `<prefix>-<year>` whose tasks are each owed by UNITS_PER_TASK of the units, their one duty (cleanup) due on
 * `due`: the tests' one-task plan, with the default ladder (notices at 09:00).
 */
function planYaml(prefix: string, title: string, units: number, due: DateTime): string {
  const names = (t: number) =>
    Array.from({ length: Math.min(UNITS_PER_TASK, units - t * UNITS_PER_TASK) }, (_, i) => unitName(t * UNITS_PER_TASK + i)).join(', ');
  const tasks = Math.ceil(units / UNITS_PER_TASK);
  const more = Array.from(
    { length: tasks - 1 },
    (_, k) => `  - no: ${k + 2}
    group: 一
    title: 清理工作${k + 2}
    text: 清理工作。
    responsible: [${names(k + 1)}]
    duties:
      - { id: cleanup, what: 清理结果, from: task, to: [司法局], due: ${due.toISODate()}, compiledBy: 司法局 }
`,
  ).join('');
  return oneTaskPlan(prefix, title, due, more)
    .replace(MIDNIGHT_LADDER, '')
    .replace('responsible: [甲局, 乙局]', `responsible: [${names(0)}]`);
}

export interface RushFiles {
  directory: string;
  /** The plan the units report on (due `eveDue`), and the next day's plan (its notices queued during the rush). */
  eve: { file: string; id: string };
  next: { file: string; id: string };
}

/** Writes the directory and both plans into `folder`. */
export function writeRushFiles(folder: string, units: number, eveDue: DateTime, nextDue: DateTime, tag: string): RushFiles {
  fs.mkdirSync(folder, { recursive: true });
  const directory = path.join(folder, 'directory.yaml');
  fs.writeFileSync(directory, directoryYaml(units));
  const write = (name: string, prefix: string, title: string, due: DateTime) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, planYaml(prefix, title, units, due));
    return { file, id: `${prefix}-${due.year}` };
  };
  return {
    directory,
    eve: write('eve.yaml', `eve-${tag}`, '截止前夜报送', eveDue),
    next: write('next.yaml', `next-${tag}`, '次日提醒', nextDue),
  };
}

/** The id of unit `i`'s duty in plan `plan` (its task's duty `cleanup`). */
export const dutyId = (plan: string, i: number) => `${plan}.t${1 + Math.floor(i / UNITS_PER_TASK)}.cleanup.${unitCode(i)}`;
