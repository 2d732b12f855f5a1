// The plan with every duty dated: each recurring duty replaced by its periods' dated duties, in place.
// Run after checkPlan, which has refused rules that do not expand.
import type { DutySpec, PlanFile, TaskSpec } from './schema';
import { expandRecurrence, isRecurrence } from './recurrence';

export interface DatedDuty extends Omit<DutySpec, 'due'> {
  due: string;
  /** First day of the period a recurring duty's occurrence covers (the obligation opens then, or at issue). */
  opens?: string;
  /** The recurring duty this one is a period of: its id (targets reported in it land in every period). */
  series?: string;
}
export interface DatedTask extends Omit<TaskSpec, 'duties'> {
  duties: DatedDuty[];
}
export interface DatedPlan extends Omit<PlanFile, 'tasks'> {
  tasks: DatedTask[];
}

export function datePlan(plan: PlanFile): { plan: DatedPlan; warnings: { zh: string; en: string }[] } {
  const warnings: { zh: string; en: string }[] = [];
  const tasks = plan.tasks.map((task) => ({
    ...task,
    duties: task.duties.flatMap((duty): DatedDuty[] => {
      const due = duty.due;
      if (!isRecurrence(due)) return [{ ...duty, due }];
      const { occurrences, warnings: w } = expandRecurrence(due, plan.year, plan.issued);
      warnings.push(...w.map((x) => ({ zh: `任务 ${task.no} ${duty.id}：${x.zh}`, en: `task ${task.no} ${duty.id}: ${x.en}` })));
      return occurrences.map((o) => ({
        ...duty,
        id: `${duty.id}-${o.suffix}`,
        what: `${duty.what}${o.label}`,
        due: o.due,
        crossesYear: duty.crossesYear || o.crossesYear,
        opens: o.starts,
        series: duty.id,
      }));
    }),
  }));
  return { plan: { ...plan, tasks }, warnings };
}
