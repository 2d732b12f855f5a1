// The burst's cast: `count` copies of one obligation of the shipped 2024 plan, each copy's contact one of
// `addressees` people (copy i goes to person i mod addressees, so each person is owed count / addressees
// notices at the same instant: one digest). The clock is set so that every copy's first reminder (提醒,
// 7 working days before the 2024-05-31 deadline, 09:00) falls at one chosen real instant.
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../../domain/obligation/spec';
import { buildNotice, Notice } from '../../../domain/obligation/notice';
import { initialState, stepKey } from '../../../domain/obligation/lifecycle';
import { planLadder } from '../../../domain/calendar/ladder';
import { parseInstant } from '../../../domain/calendar/time';
import { digestKey } from '../../../activities/channels/channel';
import { loadShipped } from '../../../test/helpers/plan-files';

const TEMPLATE = 'jiangmen-2024.t14.may.gaj';

export interface Burst {
  specs: ObligationSpec[];
  /** The notice each copy sends at the burst instant (what the peers send too). */
  notices: Notice[];
  /** Each person's notices, in copy order: one digest mail each. */
  byAddressee: Notice[][];
  /**
   * The X-Duban-Key a mail may carry → the notice keys it delivers: a lone notice's key, or the digest key of
   * any two or more of one person's notices (a collection window can close before all of them are in).
   */
  keysOfMail: Map<string, string[]>;
}

/** `at`: the real instant (ms) every copy's reminder is due. `prefix`: unique per run (workflow ids). */
export function noticeBurst(count: number, addressees: number, at: number, prefix: string): Burst {
  const template = planRunSpec(loadShipped())
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === TEMPLATE)!;
  const step = planLadder(parseInstant(template.due, 'due'), parseInstant(template.opens, 'opens'), template.ladderConfig)[0];
  // The simulated "now" runs `clockShiftMs` behind the real clock: the step's 09:00 is the real `at`.
  const clockShiftMs = at - DateTime.fromISO(step.at).toMillis();
  const specs: ObligationSpec[] = [];
  const notices: Notice[] = [];
  const byAddressee: Notice[][] = Array.from({ length: addressees }, () => []);
  for (let i = 0; i < count; i++) {
    const id = `${prefix}-${String(i).padStart(5, '0')}`;
    const [contact, ...rest] = template.chain;
    const email = `person-${String(i % addressees).padStart(4, '0')}@example.org`;
    const chain = [{ ...contact, person: { ...contact.person, email } }, ...rest];
    const spec: ObligationSpec = { ...template, id, plan: prefix, chain, notify: [], clockShiftMs };
    const notice = buildNotice(
      spec,
      initialState(spec, 0),
      { step: step.step, key: step.key, at: step.at },
      `${id}/${stepKey(spec.due, step)}`,
    );
    specs.push(spec);
    notices.push(notice);
    byAddressee[i % addressees].push(notice);
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
  return { specs, notices, byAddressee, keysOfMail };
}

const subsets = <T>(xs: T[]): T[][] => xs.reduce<T[][]>((all, x) => [...all, ...all.map((s) => [...s, x])], [[]]);
