// The deadline-eve rush's plans: a directory of `units` units (u0001 …, each with a contact and a leader reached by
// mail and SMS) and plans whose tasks are owed by 200 of them each, one duty each, due on a given day, notices at 09:00.
import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { oneTaskPlan } from '../../../test/helpers/one-task-plan';
import { MIDNIGHT_LADDER } from '../../../test/helpers/due-today';
import { unitCode, unitName, wideDirectoryYaml } from '../../../test/helpers/wide-directory';

export { unitCode };

/** Units per task: the province's units spread over tasks, as a province's notice spreads its counties' duties. */
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
  fs.writeFileSync(directory, wideDirectoryYaml(units));
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
