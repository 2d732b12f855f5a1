// Plan × directory -> obligations: one unit, one duty, one deadline, with recipients and its ladder.
import { DateTime } from 'luxon';
import { planLadder, LadderStep } from '../calendar/ladder';
import { isoAt, parseInstant } from '../calendar/time';
import { endOfDay, isoDeadline } from '../calendar/deadline';
import { obligationId, roundId } from '../obligation/ids';
import type { DatedDuty, DatedPlan, DatedTask } from './dated';
import { Directory, expandUnits } from './directory';
import { RELATIVE_RECIPIENTS, RelativeRecipient } from './checks';

export interface ObligationTarget {
  id: string;
  label: string;
  value: number;
  unit: string;
  comparator: 'at-least' | 'at-most' | 'exactly';
}

export interface Obligation {
  /** Deterministic, readable, ASCII: <plan>.t<task>.<duty>.<unit code>, e.g. jiangmen-2024.t14.may.gaj */
  id: string;
  plan: string;
  task: number;
  taskTitle: string;
  /** Duty id, e.g. may, rectify, annual. */
  dutyId: string;
  /** Short label of what is delivered, e.g. 专项整治及组织“回头看”情况（5月）. */
  duty: string;
  /** Chinese unit name. */
  unit: string;
  unitCode: string;
  /** ISO 8601 +08:00; a date in the plan means 23:59:59 that day. */
  due: string;
  /**
   * When the obligation opens (the plan's issue date, 00:00, or a recurring duty's period start if later); ladder
   * steps before it are skipped.
   */
  opens: string;
  /** Round key: obligations sharing it share one deadline and recipient and are compiled together (汇总). */
  round: string;
  to: string[];
  cc: string[];
  compiledBy?: string;
  targets: ObligationTarget[];
  ladder: LadderStep[];
}

export function expandObligations(plan: DatedPlan, dir: Directory): Obligation[] {
  const opens = parseInstant(plan.issued, 'issued').startOf('day');
  const out: Obligation[] = [];
  for (const task of [...plan.tasks].sort((a, b) => a.no - b.no)) {
    // The supervising bureau owes its own part of each task like any unit (its row is its responsible office).
    const taskUnits = expandUnits(dir, [...task.responsible, ...task.implementing]);
    const covered = new Set<string>();
    const duties: [DatedDuty, string[]][] = task.duties.map((d) => {
      const units = d.from === 'task' ? taskUnits : expandUnits(dir, d.from);
      units.forEach((u) => covered.add(u));
      return [d, units];
    });
    // "Everything else by year end": units no dated duty of this task covers owe the year-end report.
    const rest = taskUnits.filter((u) => !covered.has(u));
    if (rest.length && !task.duties.some((d) => d.id === plan.yearEnd.id)) duties.push([{ ...plan.yearEnd, from: 'task' }, rest]);

    for (const [duty, units] of duties.sort(([a], [b]) => a.due.localeCompare(b.due))) {
      for (const unit of units) out.push(obligation(plan, dir, task, duty, unit, opens));
    }
  }
  return out;
}

function obligation(plan: DatedPlan, dir: Directory, task: DatedTask, duty: DatedDuty, unit: string, issued: DateTime): Obligation {
  const u = dir.units.get(unit)!;
  // A period of a recurring duty opens when its period starts (its 签收 is asked then), never before the issue date.
  const starts = duty.opens ? parseInstant(duty.opens, 'opens').startOf('day') : issued;
  const opens = starts > issued ? starts : issued;
  const due = endOfDay(duty.due);
  const resolve = (names: string[]) => names.map((n) => resolveRecipient(dir, n, unit));
  const to = reportsTo(dir, resolve(duty.to), unit);
  const cc = [...new Set(resolve(duty.cc))].filter((n) => n !== unit && !to.includes(n));
  return {
    id: obligationId(plan.id, task.no, duty.id, u.code),
    plan: plan.id,
    task: task.no,
    taskTitle: task.title,
    dutyId: duty.id,
    duty: duty.what,
    unit,
    unitCode: u.code,
    due: isoDeadline(due),
    opens: isoAt(opens.toMillis()),
    round: roundId(plan.id, task.no, duty.id),
    to,
    cc,
    ...(duty.compiledBy ? { compiledBy: duty.compiledBy } : {}),
    targets: task.targets
      .filter((t) => t.reportIn === duty.id || t.reportIn === duty.series)
      .map(({ id, label, value, unit: u2, comparator }) => ({ id, label, value, unit: u2, comparator })),
    ladder: planLadder(due, opens, plan.ladder),
  };
}

/**
 * A unit never reports to itself. Where a duty names the unit as its recipient (the bureau's own part of a task it
 * supervises), its report goes to its 本级政府 instead, as the notice has it: 汇总后统一向本级政府报告.
 */
function reportsTo(dir: Directory, recipients: string[], unit: string): string[] {
  const to = recipients.map((n) => (n === unit ? resolveRecipient(dir, '本级政府', unit) : n));
  return [...new Set(to)].filter((n) => n !== unit);
}

function resolveRecipient(dir: Directory, name: string, unit: string): string {
  if (name in RELATIVE_RECIPIENTS) {
    const key = RELATIVE_RECIPIENTS[name as RelativeRecipient];
    const value = dir.units.get(unit)![key] ?? dir.file.defaults[key];
    return dir.names.get(value)?.name ?? value;
  }
  return dir.names.get(name)?.name ?? name;
}
