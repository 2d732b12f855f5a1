// Chart 4: the year at a glance, every round's deadline on a time line with its current light (红黄绿灯): red
// when any of its obligations is red, else yellow when any is yellow, else green. Pure: lights as of `nowMs`, on the
// working days of the plan's holiday arrangements (`own`).
import type { Arrangements } from '../calendar/working-days';
import type { ObligationSnapshot } from '../obligation/snapshot';
import { lightAt } from '../obligation/lifecycle';
import { Light } from '../obligation/state';
import { RoundGroup, roundGroups } from './rounds';

export interface TimelineRound {
  round: string;
  dutyId: string;
  task: number;
  duty: string;
  due: string;
  followUp: boolean;
  light: Light;
  /** Obligations counted (cancelled ones left out), and how many of them are in each light. */
  total: number;
  red: number;
  yellow: number;
  /** Obligations accepted (已办结). */
  accepted: number;
}

/** `groups`: the ledger's rounds, when the caller has them already. */
export function yearTimeline(
  ledger: ObligationSnapshot[],
  nowMs: number,
  groups: RoundGroup[] = roundGroups(ledger),
  own: Arrangements = undefined,
): TimelineRound[] {
  // A light depends on the stage and the deadline only: rows share a few deadlines, each worked out once.
  const known = new Map<string, Light>();
  const light = (r: ObligationSnapshot) => {
    const key = `${r.stage}|${r.due}`;
    let l = known.get(key);
    if (l === undefined) known.set(key, (l = lightAt(r, nowMs, own)));
    return l;
  };
  return groups.map((g) => {
    const rows = g.rows.filter((r) => r.stage !== 'cancelled');
    const lights = rows.map(light);
    const red = lights.filter((l) => l === 'red').length;
    const yellow = lights.filter((l) => l === 'yellow').length;
    return {
      round: g.round,
      dutyId: g.dutyId,
      task: g.task,
      duty: g.duty,
      due: g.due,
      followUp: g.followUp,
      light: red ? 'red' : yellow ? 'yellow' : 'green',
      total: rows.length,
      red,
      yellow,
      accepted: rows.filter((r) => r.stage === 'accepted').length,
    };
  });
}
