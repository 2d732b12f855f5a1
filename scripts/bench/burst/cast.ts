// The burst's cast, a real 09:00: obligations copied from one duty of the shipped 2024 plan, each person owed several
// of them at one instant, the people split over the three steps that go out at 09:00 (提醒 to a unit's contact,
// 催办 to its leader with the contact copied, 督办 to its supervisor with both copied), with mobiles (SMS) and in
// rounds (each obligation tells its round, as in a plan). Person p is owed count / addressees duties of one step,
// with one recipient set (each person is of their own unit), so each person's notices make one digest mail. Each
// step's clock is set so that its 09:00 falls at one chosen real instant: a 催办 copy starts after its deadline
// (overdue), a 督办 copy after its 催办 (skipped: a late start sends no stale steps).
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec, RoundSpec } from '../../../domain/obligation/spec';
import { buildNotice, Notice } from '../../../domain/obligation/notice';
import { initialState, stepKey } from '../../../domain/obligation/lifecycle';
import { ESCALATION_LEVEL, planLadder, LadderStep } from '../../../domain/calendar/ladder';
import { parseInstant } from '../../../domain/calendar/time';
import { digestKey } from '../../../activities/channels/channel';
import type { ChainLink } from '../../../domain/plan/directory';
import { loadShipped } from '../../../test/helpers/plan-files';

const TEMPLATE = 'jiangmen-2024.t14.may.gaj';
const STEPS = ['reminder', '催办', '督办'] as const;
/** Obligations per round at most (a round's input holds its obligations). */
const ROUND_SIZE = 100;

export interface Burst {
  rounds: RoundSpec[];
  specs: ObligationSpec[];
  /** The notice each obligation sends at the burst instant (what the peer sends too). */
  notices: Notice[];
  /** Each person's notices: one digest mail each. */
  byAddressee: Notice[][];
  /** Each person's mobile: one SMS each for the instant. */
  mobiles: string[];
  /**
   * The X-Duban-Key a mail may carry → the notice keys it delivers: a lone notice's key, or the digest key of
   * any two or more of one person's notices (a collection window can close before all of them are in).
   */
  keysOfMail: Map<string, string[]>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Person p's unit: its contact, leader and supervisor, p itself at the step's link of the chain. */
function chainOf(template: ChainLink[], p: number, level: number): ChainLink[] {
  const roles = ['contact', 'leader', 'supervisor'];
  return template.map((link, i) =>
    i > 2
      ? link
      : {
          ...link,
          person: {
            name: `${link.person.name}${pad(p, 4)}`,
            email: i === level ? `person-${pad(p, 4)}@example.org` : `unit-${pad(p, 4)}-${roles[i]}@example.org`,
            mobile: `1${pad(i + 3, 1)}${pad(p, 9)}`,
          },
        },
  );
}

/** `at`: the real instant (ms) every notice is due. `prefix`: unique per run (workflow ids, the plan id). */
export function noticeBurst(count: number, addressees: number, at: number, prefix: string): Burst {
  const template = planRunSpec(loadShipped())
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === TEMPLATE)!;
  const ladder = planLadder(parseInstant(template.due, 'due'), parseInstant(template.opens, 'opens'), template.ladderConfig);
  const stepOf = (name: (typeof STEPS)[number]): LadderStep => ladder.find((s) => s.step === name)!;
  addressees = Math.min(addressees, count);
  const perPerson = Math.max(1, Math.round(count / addressees));
  // Every subset of a person's notices is a digest a mail may carry: a few duties each, as at a real 09:00.
  if (perPerson > 12) throw new Error(`${perPerson} notices per person: give BENCH_ADDRESSEES at least count / 12`);
  const rounds: RoundSpec[] = [];
  const specs: ObligationSpec[] = [];
  const notices: Notice[] = [];
  const byAddressee: Notice[][] = Array.from({ length: addressees }, () => []);
  const mobiles: string[] = [];
  for (const [s, name] of STEPS.entries()) {
    const step = stepOf(name);
    const level = Math.min(ESCALATION_LEVEL[name], template.chain.length - 1);
    // The simulated "now" runs `clockShiftMs` behind the real clock: the step's 09:00 is the real `at`.
    const clockShiftMs = at - DateTime.fromISO(step.at).toMillis();
    const people = Array.from({ length: addressees }, (_, p) => p).filter((p) => p % STEPS.length === s);
    for (let duty = 0; duty < perPerson; duty++)
      for (let c = 0; c * ROUND_SIZE < people.length; c++) {
        const round = `${prefix}.t${s + 1}.d${duty}c${c}`;
        const obligations = people.slice(c * ROUND_SIZE, (c + 1) * ROUND_SIZE).map((p) => {
          const chain = chainOf(template.chain, p, level);
          const spec: ObligationSpec = {
            ...template,
            id: `${round}.p${pad(p, 4)}`,
            plan: prefix,
            round,
            chain,
            notify: [round],
            clockShiftMs,
          };
          const notice = buildNotice(
            spec,
            initialState(spec, 0),
            { step: name, key: step.key, at: step.at },
            `${spec.id}/${stepKey(spec.due, step)}`,
          );
          notices.push(notice);
          byAddressee[p].push(notice);
          mobiles[p] = chain[level].person.mobile!;
          return spec;
        });
        specs.push(...obligations);
        // The round's 汇总 goes to no one: the burst's mails are the notices alone.
        rounds.push({
          round,
          plan: prefix,
          task: template.task,
          taskTitle: template.taskTitle,
          dutyId: `d${duty}c${c}`,
          duty: template.duty,
          due: template.due,
          to: [],
          cc: [],
          obligations,
          kind: 'round',
          clockShiftMs,
          sendAt: template.ladderConfig.sendAt,
          obligationsStartedApart: true,
        });
      }
  }
  const keysOfMail = new Map<string, string[]>();
  for (const n of notices) keysOfMail.set(n.key, [n.key]);
  for (const group of byAddressee)
    for (const subset of subsets(group))
      if (subset.length > 1)
        keysOfMail.set(
          digestKey(subset),
          subset.map((n) => n.key),
        );
  return { rounds, specs, notices, byAddressee, mobiles, keysOfMail };
}

const subsets = <T>(xs: T[]): T[][] => xs.reduce<T[][]>((all, x) => [...all, ...all.map((s) => [...s, x])], [[]]);
