// The small plan real-clock tests run: one task (清理工作, owed by 甲局 and 乙局) whose one duty (cleanup) is due
// on the given day, its notices sent at 00:00, so that with a deadline tonight the first reminder goes out at
// once (see due-today.ts). Its units come from the fixture directory.
import fs from 'node:fs';
import path from 'node:path';
import type { DateTime } from 'luxon';
import { PROJECT_ROOT } from '../../config/paths';
import { MIDNIGHT_LADDER } from './due-today';

export const FIXTURE_DIRECTORY = 'test/fixtures/plans/directory.yaml';

/**
 * The plan's YAML; its id is `<idPrefix>-<year>`. `more`: YAML appended after the duty (targets of task 1,
 * further tasks), indented as a task's keys are.
 */
export function oneTaskPlan(idPrefix: string, title: string, due: DateTime, more = ''): string {
  const year = due.year;
  return `id: ${idPrefix}-${year}
year: ${year}
title: ${title}
issuer: 测试司法局
issued: ${year}-01-01
supervisor: 司法局
yearEnd: { id: annual, what: 年度工作落实情况, to: [司法局], due: ${year}-12-31 }
${MIDNIGHT_LADDER}groups:
  - { id: 一, title: 测试 }
tasks:
  - no: 1
    group: 一
    title: 清理工作
    text: 清理工作。
    responsible: [甲局, 乙局]
    duties:
      - { id: cleanup, what: 清理结果, from: task, to: [司法局], due: ${due.toISODate()}, compiledBy: 司法局 }
${more}`;
}

/** Writes the plan as plan.yaml in `folder`, with the fixture directory beside it as directory.yaml; the plan's path. */
export function writeOneTaskPlan(folder: string, idPrefix: string, title: string, due: DateTime): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(path.join(PROJECT_ROOT, FIXTURE_DIRECTORY), path.join(folder, 'directory.yaml'));
  const file = path.join(folder, 'plan.yaml');
  fs.writeFileSync(file, oneTaskPlan(idPrefix, title, due));
  return file;
}
