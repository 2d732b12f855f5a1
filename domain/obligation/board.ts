// What the supervisor board and a unit's portal page show, computed from the plan's ledger: the tasks ×
// units matrix, counts per round, the overdue list, and one unit's duties. Lights are as of `nowMs`.
import { Light, lightAt, Stage } from './lifecycle';
import type { ObligationSnapshot } from './notice';

export type LiveSnapshot = ObligationSnapshot & { light: Light };

/** Round of an obligation: its id without the unit code (plan.tN.duty). */
export const roundOf = (id: string) => id.slice(0, id.lastIndexOf('.'));
/** Unit code of an obligation: the last part of its id. */
export const unitCodeOf = (id: string) => id.slice(id.lastIndexOf('.') + 1);

export interface RoundRow {
  round: string;
  task: number;
  duty: string;
  due: string;
  lookBack: boolean;
  followUp: boolean;
  counts: Record<Stage, number>;
  red: number;
  total: number;
}

export interface BoardModel {
  tasks: number[];
  units: string[];
  /** cells[task][unit]: the unit's obligations in that task, earliest deadline first. */
  cells: Record<number, Record<string, LiveSnapshot[]>>;
  rounds: RoundRow[];
  overdue: LiveSnapshot[];
  totals: { all: number; red: number; yellow: number; submitted: number; accepted: number };
}

export function live(rows: ObligationSnapshot[], nowMs: number): LiveSnapshot[] {
  return rows.map((r) => ({ ...r, light: lightAt(r, nowMs) }));
}

export function boardModel(ledger: ObligationSnapshot[], nowMs: number): BoardModel {
  const rows = live(ledger, nowMs).sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  const tasks = [...new Set(rows.map((r) => r.task))].sort((a, b) => a - b);
  const units = [...new Set(rows.map((r) => r.unit))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const cells: BoardModel['cells'] = {};
  for (const r of rows) ((cells[r.task] ??= {})[r.unit] ??= []).push(r);

  const byRound = new Map<string, RoundRow>();
  for (const r of rows) {
    const id = roundOf(r.id);
    let row = byRound.get(id);
    if (!row) {
      const counts = { open: 0, overdue: 0, submitted: 0, returned: 0, accepted: 0, cancelled: 0 };
      // 回头看 and 整改 obligations are follow-ups: no 回头看 of their own.
      row = { round: id, task: r.task, duty: r.duty.replace(/（回头看）$/, ''), due: r.due, lookBack: /-lb\d+$/.test(r.dutyId), followUp: /-(lb\d+|zg\d*)$/.test(r.dutyId), counts, red: 0, total: 0 };
      byRound.set(id, row);
    }
    row.counts[r.stage]++;
    row.total++;
    if (r.light === 'red') row.red++;
  }
  const rounds = [...byRound.values()].sort((a, b) => a.due.localeCompare(b.due) || a.task - b.task || a.round.localeCompare(b.round));
  const overdue = rows.filter((r) => r.light === 'red').sort((a, b) => a.due.localeCompare(b.due) || a.task - b.task);
  const totals = {
    all: rows.length,
    red: overdue.length,
    yellow: rows.filter((r) => r.light === 'yellow').length,
    submitted: rows.filter((r) => r.stage === 'submitted').length,
    accepted: rows.filter((r) => r.stage === 'accepted').length,
  };
  return { tasks, units, cells, rounds, overdue, totals };
}

/** A unit's duties on its portal page: what is still owed first, then by deadline. */
export function unitDuties(ledger: ObligationSnapshot[], unitCode: string, nowMs: number): LiveSnapshot[] {
  const owing = (s: Stage) => (s === 'open' || s === 'overdue' || s === 'returned' ? 0 : 1);
  return live(
    ledger.filter((r) => unitCodeOf(r.id) === unitCode),
    nowMs,
  ).sort((a, b) => owing(a.stage) - owing(b.stage) || a.due.localeCompare(b.due) || a.task - b.task);
}
