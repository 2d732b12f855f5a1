// Moves a plan to another year, keeping what each date means: the end of a month stays the end of the
// month (so 2-29 becomes 2-28), any other day keeps its month and day. Texts are left as the notice wrote them.
import { DateTime } from 'luxon';
import type { PlanFile } from './schema';
import { isRecurrence, rebaseRecurrence } from './recurrence';

export function rebaseDate(date: string, years: number): string {
  const d = DateTime.fromISO(date);
  const endOfMonth = d.day === d.daysInMonth;
  const target = DateTime.fromObject({ year: d.year + years, month: d.month, day: 1 });
  const day = endOfMonth ? target.daysInMonth! : Math.min(d.day, target.daysInMonth!);
  return target.set({ day }).toISODate()!;
}

export function rebasePlan(plan: PlanFile, year: number): PlanFile {
  const years = year - plan.year;
  if (years === 0) return plan;
  const shift = (d: string) => rebaseDate(d, years);
  const from = String(plan.year);
  return {
    ...plan,
    id: plan.id.includes(from) ? plan.id.replaceAll(from, String(year)) : `${plan.id}-${year}`,
    year,
    title: plan.title.replaceAll(from, String(year)),
    issued: shift(plan.issued),
    ...(plan.goal ? { goal: { ...plan.goal, due: shift(plan.goal.due) } } : {}),
    yearEnd: { ...plan.yearEnd, due: shift(plan.yearEnd.due) },
    tasks: plan.tasks.map((t) => ({
      ...t,
      duties: t.duties.map((d) => ({ ...d, due: isRecurrence(d.due) ? rebaseRecurrence(d.due, years) : shift(d.due) })),
    })),
  };
}
