// Which rows make a round on the charts: a round and one of its duties, as the board's round list groups them
// (a round's 整改 obligations share its workflow id but have a duty of their own). Pure.
import type { ObligationSnapshot } from '../obligation/snapshot';
import { placeOfRow } from '../obligation/ids';

export interface RoundKey {
  /** The round's workflow id. */
  round: string;
  dutyId: string;
}

export interface RoundGroup extends RoundKey {
  task: number;
  duty: string;
  /** The round's deadline: the earliest deadline of its rows (extensions and returns only move rows later). */
  due: string;
  followUp: boolean;
  rows: ObligationSnapshot[];
}

/** Every round of the ledger, earliest deadline first (then task, then id). */
export function roundGroups(ledger: ObligationSnapshot[]): RoundGroup[] {
  const groups = new Map<string, RoundGroup>();
  for (const r of ledger) {
    const place = placeOfRow(r);
    const key = `${place.round} ${r.dutyId}`;
    let g = groups.get(key);
    if (!g) {
      g = { round: place.round, dutyId: r.dutyId, task: r.task, duty: r.duty, due: r.due, followUp: place.kind !== 'duty', rows: [] };
      groups.set(key, g);
    }
    if (r.due < g.due) g.due = r.due;
    g.rows.push(r);
  }
  return [...groups.values()].sort(
    (a, b) => a.due.localeCompare(b.due) || a.task - b.task || a.round.localeCompare(b.round) || a.dutyId.localeCompare(b.dutyId),
  );
}

/** The round named by `key`, if the ledger has it. */
export const findRound = (groups: RoundGroup[], key: RoundKey): RoundGroup | undefined =>
  groups.find((g) => g.round === key.round && g.dutyId === key.dutyId);
