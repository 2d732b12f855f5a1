// What an obligation workflow is started with: the expanded obligation plus what it needs to act alone
// (its ladder rule, the people of its escalation chain, whom to tell when it changes).
import type { LadderConfig } from '../calendar/ladder';
import type { HolidayArrangement } from '../calendar/holidays';
import { planHolidays } from '../plan/plan-holidays';
import type { ChainLink } from '../plan/directory';
import { escalationChain } from '../plan/directory';
import type { LoadedPlan } from '../plan/loaded-plan';
import type { Obligation } from '../plan/obligations';
import { yearEndAt } from '../calendar/deadline';
import type { ObligationKind } from './ids';

export interface ObligationSpec extends Omit<Obligation, 'ladder'> {
  ladderConfig: LadderConfig;
  /** contact (提醒), leader (催办), supervisor (督办), government office (通报). */
  chain: ChainLink[];
  /** Workflow ids told of every change (its round and its plan). */
  notify: string[];
  /** Set for a 回头看 or 整改 (absent: a duty of the plan, or a follow-up started before it was carried; see kindOf). */
  kind?: Exclude<ObligationKind, 'duty'>;
  /** Set for a 回头看 or 整改 obligation: what it follows up. */
  followUpOf?: string;
  /** Who opened it (a supervisor starting a 回头看); recorded on the timeline's first entry. */
  openedBy?: string;
  /**
   * Simulation only: how far the server's clock runs ahead of the simulated plan year (ms). Workflows read
   * "now" as server time minus this, so a past year can be replayed on a time-skipping server.
   */
  clockShiftMs?: number;
}

export interface RoundSpec {
  /** Workflow id of the round, e.g. jiangmen-2024.t14.may */
  round: string;
  plan: string;
  task: number;
  taskTitle: string;
  dutyId: string;
  duty: string;
  due: string;
  /** Who receives the 汇总: the compiling body, or the obligations' recipients. */
  compiledBy?: string;
  to: string[];
  cc: string[];
  obligations: ObligationSpec[];
  /** Plan workflow id told when the round closes. */
  planWorkflowId?: string;
  kind: 'round' | 'lookback';
  clockShiftMs?: number;
  /** E-mail address of every body the 汇总 goes to, by name. */
  addresses?: Record<string, string>;
  /** The plan's office-hour send time ("HH:mm"): the 汇总 is delivered then, on a working day. */
  sendAt?: string;
  /**
   * Its obligations are started by whoever started the round (`duban start`, next to it), not by the round as
   * children: the round's history and the server's work per obligation stay those of a plain start.
   */
  obligationsStartedApart?: boolean;
}

/**
 * What a plan workflow is started with: the plan's facts and the ids of its rounds. Each round is started
 * with its own obligations, so no payload holds the whole plan.
 */
export type PlanInput = Omit<PlanRunSpec, 'rounds'> & { roundIds: string[] };

export const planInput = ({ rounds, ...facts }: PlanRunSpec): PlanInput => ({ ...facts, roundIds: rounds.map((r) => r.round) });

/**
 * The expanded plan: its rounds with their obligations. Plans started before rounds were started by the
 * client received all of it as their input.
 */
export interface PlanRunSpec {
  plan: string;
  title: string;
  year: number;
  /** Receives the annual summary. */
  supervisor: string;
  supervisorEmail?: string;
  /** ISO instant the plan year ends; the annual summary is compiled then. */
  yearEndAt: string;
  /** The plan's office-hour send time ("HH:mm"): the annual summary is delivered then, on a working day. */
  sendAt?: string;
  /** The plan's own holiday arrangements (its ladder's), for that working day. */
  holidays?: HolidayArrangement[];
  rounds: RoundSpec[];
  clockShiftMs?: number;
}

/** E-mail of units (their contact) and recipient bodies, by name. */
function addressesOf(dir: LoadedPlan['directory'], names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const email = dir.units.get(n)?.contact.email ?? dir.recipients.get(n)?.email;
    if (email) out[n] = email;
  }
  return out;
}

/** Builds the round and obligation specs of a loaded plan; the plan workflow id is the plan id. */
export function planRunSpec(loaded: LoadedPlan): PlanRunSpec {
  const { plan, directory } = loaded;
  const rounds = new Map<string, RoundSpec>();
  for (const o of loaded.obligations) {
    const { ladder: _ladder, ...rest } = o;
    const spec: ObligationSpec = {
      ...rest,
      ladderConfig: plan.ladder,
      chain: escalationChain(directory, o.unit),
      // The round keeps its obligations' state; the plan reads the ledger from its rounds (no fan-in).
      notify: [o.round],
    };
    let r = rounds.get(o.round);
    if (!r) {
      r = {
        round: o.round,
        plan: plan.id,
        task: o.task,
        taskTitle: o.taskTitle,
        dutyId: o.dutyId,
        duty: o.duty,
        due: o.due,
        ...(o.compiledBy ? { compiledBy: o.compiledBy } : {}),
        to: [],
        cc: [],
        obligations: [],
        planWorkflowId: plan.id,
        kind: 'round',
        sendAt: plan.ladder.sendAt,
      };
      rounds.set(o.round, r);
    }
    r.obligations.push(spec);
    // The 汇总 goes to whom the units report; the bureau's own row reports to its government, which is copied.
    const own = o.unit === plan.supervisor;
    for (const t of o.to) if (!own && !r.to.includes(t)) r.to.push(t);
    for (const c of own ? [...o.to, ...o.cc] : o.cc) if (!r.cc.includes(c)) r.cc.push(c);
  }
  for (const r of rounds.values()) {
    r.cc = r.cc.filter((c) => !r.to.includes(c));
    if (r.to.length === 0) [r.to, r.cc] = [r.cc, []]; // a round of the bureau's own duties alone
  }
  const sup = directory.units.get(plan.supervisor);
  for (const r of rounds.values()) r.addresses = addressesOf(directory, [...r.to, ...r.cc, ...(r.compiledBy ? [r.compiledBy] : [])]);
  return {
    plan: plan.id,
    title: plan.title,
    year: plan.year,
    supervisor: plan.supervisor,
    supervisorEmail: (sup?.supervisor ?? sup?.contact)?.email,
    yearEndAt: yearEndAt(plan.year),
    sendAt: plan.ladder.sendAt,
    ...(planHolidays(plan) ? { holidays: planHolidays(plan) } : {}),
    rounds: [...rounds.values()],
  };
}
