// What the supervisor board and a unit's portal page show, computed from the plan's ledger: the tasks ×
// units matrix, counts per round, the overdue list, and one unit's duties. Lights are as of `nowMs`, on the working
// days of the holiday arrangements the plan's obligations follow (`own`), as their own yellow light is.
import type { Arrangements } from '../calendar/working-days';
import { lightAt } from './lifecycle';
import { isOwing, Light, Stage } from './state';
import type { ObligationSnapshot } from './snapshot';
import { placeOfRow } from './ids';
import { acknowledgementOf } from './acknowledge';

export type LiveSnapshot = ObligationSnapshot & { light: Light };

export interface RoundRow {
  /** The round's workflow id (a 整改's is the round it was opened from: its row is its own, by duty). */
  round: string;
  task: number;
  duty: string;
  due: string;
  /** A 回头看 or 整改 row (its duty says which): no 回头看 of its own. */
  followUp: boolean;
  counts: Record<Stage, number>;
  /** Obligations acknowledged (签收), a report counting as receipt. */
  acknowledged: number;
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
  /** 延期申请 awaiting the bureau's decision, oldest first. */
  pendingExtensions: LiveSnapshot[];
  totals: { all: number; red: number; yellow: number; submitted: number; accepted: number; unacknowledged: number };
}

export function live(rows: ObligationSnapshot[], nowMs: number, own: Arrangements = undefined): LiveSnapshot[] {
  return rows.map((r) => ({ ...r, light: lightAt(r, nowMs, own) }));
}

export function boardModel(ledger: ObligationSnapshot[], nowMs: number, own: Arrangements = undefined): BoardModel {
  const rows = live(ledger, nowMs, own).sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
  const tasks = [...new Set(rows.map((r) => r.task))].sort((a, b) => a - b);
  const units = [...new Set(rows.map((r) => r.unit))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const cells: BoardModel['cells'] = {};
  for (const r of rows) ((cells[r.task] ??= {})[r.unit] ??= []).push(r);

  // One row per round and duty: a round's 整改 obligations get rows of their own.
  const byRound = new Map<string, RoundRow>();
  for (const r of rows) {
    const place = placeOfRow(r);
    const key = `${place.round} ${r.dutyId}`;
    let row = byRound.get(key);
    if (!row) {
      const counts = { open: 0, overdue: 0, submitted: 0, returned: 0, accepted: 0, cancelled: 0 };
      row = {
        round: place.round,
        task: r.task,
        duty: r.duty,
        due: r.due,
        followUp: place.kind !== 'duty',
        counts,
        acknowledged: 0,
        red: 0,
        total: 0,
      };
      byRound.set(key, row);
    }
    row.counts[r.stage]++;
    row.total++;
    if (acknowledgementOf(r)) row.acknowledged++;
    if (r.light === 'red') row.red++;
  }
  const rounds = [...byRound.entries()]
    .sort(([ka, a], [kb, b]) => a.due.localeCompare(b.due) || a.task - b.task || ka.localeCompare(kb))
    .map(([, row]) => row);
  const overdue = rows.filter((r) => r.light === 'red').sort((a, b) => a.due.localeCompare(b.due) || a.task - b.task);
  const totals = {
    all: rows.length,
    red: overdue.length,
    yellow: rows.filter((r) => r.light === 'yellow').length,
    submitted: rows.filter((r) => r.stage === 'submitted').length,
    accepted: rows.filter((r) => r.stage === 'accepted').length,
    unacknowledged: rows.filter((r) => r.stage !== 'cancelled' && !acknowledgementOf(r)).length,
  };
  const pendingExtensions = rows
    .filter((r) => r.extensionPending && isOwing(r.stage))
    .sort((a, b) => a.extensionPending!.at.localeCompare(b.extensionPending!.at));
  return { tasks, units, cells, rounds, overdue, pendingExtensions, totals };
}

const owing = (s: Stage) => (isOwing(s) ? 0 : 1);

/** The order of a unit's duties on its portal page: what is still owed first, then by deadline. */
export const dutyOrder = (a: ObligationSnapshot, b: ObligationSnapshot): number =>
  owing(a.stage) - owing(b.stage) || a.due.localeCompare(b.due) || a.task - b.task;

/** A unit's duties in one plan's ledger, in portal order (`own`: the plan's holiday arrangements). */
export function unitDuties(ledger: ObligationSnapshot[], unitCode: string, nowMs: number, own: Arrangements = undefined): LiveSnapshot[] {
  return live(
    ledger.filter((r) => placeOfRow(r).unitCode === unitCode),
    nowMs,
    own,
  ).sort(dutyOrder);
}
