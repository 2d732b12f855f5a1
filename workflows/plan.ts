// One plan year: knows its rounds (the ledger is read from them; the client starts them, each with its own
// obligations), compiles the annual summary at year end and closes. Continues as new when its history grows.
// Plans started with the whole expanded plan as input (before the client started the rounds) start their
// rounds themselves and keep the ledger. The summary is the state at year end, delivered at the first working
// day's send time.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { LedgerActivities } from '../activities/annual-summary';
import { annualSummary } from '../domain/obligation/annual';
import { ObligationSnapshot, openingSnapshot } from '../domain/obligation/snapshot';
import type { PlanInput, PlanRunSpec } from '../domain/obligation/spec';
import { ledgerPlanDetails, planDetails, roundSummary, YEAR_CLOSED } from '../domain/obligation/summaries';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { DEFAULT_LADDER } from '../domain/calendar/ladder';
import { SA } from '../domain/search-attributes';
import { obligationChanged, planLedger, planRounds, roundClosed, roundOpened } from '../domain/contract/messages';
import { roundWorkflow } from './round';
import { startDurableChild } from './children';
import { officeHourAfter, OFFICE_HOURS_PATCH, sendAnnualSummary, timerUntil } from './summary-delivery';
import { changedSince, newestChanges } from './changes';
import { workflowClock } from './clock';
import { UNTIL_BACK } from './retry-policies';

const { sendPlanAnnualSummary, compilePlanAnnualSummary } = proxyActivities<LedgerActivities>({
  startToCloseTimeout: '10 minutes',
  retry: UNTIL_BACK,
});

export interface PlanCarry {
  /** Only for plans started with the whole expanded plan, which keep the ledger themselves. */
  ledger?: ObligationSnapshot[];
  closedRounds: string[];
  roundsStarted: boolean;
  /** Every round of the plan, 回头看 rounds included. */
  rounds?: string[];
}

export async function planWorkflow(input: PlanRunSpec | PlanInput, carry?: PlanCarry): Promise<ObligationSnapshot[]> {
  const spec = input;
  const legacy = 'rounds' in input ? input : undefined;
  const now = workflowClock(spec.clockShiftMs);
  const opening = (r: PlanRunSpec, at: string) => r.rounds.flatMap((round) => round.obligations.map((o) => openingSnapshot(o, at)));
  const ledger = legacy && new Map<string, ObligationSnapshot>((carry?.ledger ?? opening(legacy, isoAt(now()))).map((s) => [s.id, s]));
  const rounds = new Set(carry?.rounds ?? (legacy ? legacy.rounds.map((r) => r.round) : (input as PlanInput).roundIds));
  const closedRounds = new Set(carry?.closedRounds ?? []);
  let changes = 0;

  const newest = newestChanges();
  setHandler(obligationChanged, (told) => {
    if (!ledger) return; // obligations started when plans kept the ledger still tell their plan: their round has it
    const s = newest(told);
    if (!s) return;
    ledger.set(s.id, s);
    changes++;
  });
  setHandler(roundClosed, ({ round }) => {
    closedRounds.add(round);
    changes++;
  });
  setHandler(roundOpened, ({ round }) => {
    rounds.add(round);
    changes++;
  });
  setHandler(planLedger, () => (ledger ? [...ledger.values()] : []));
  setHandler(planRounds, () => (ledger ? null : [...rounds]));

  if (!carry) {
    upsertSearchAttributes([
      { key: SA.kind, value: 'plan' },
      { key: SA.plan, value: spec.plan },
      { key: SA.due, value: new Date(parseInstant(spec.yearEndAt, 'yearEndAt').toMillis()) },
    ]);
  }
  if (legacy && !carry?.roundsStarted) {
    const start = (r: PlanRunSpec['rounds'][number]) =>
      startDurableChild(roundWorkflow, r.round, [{ ...r, clockShiftMs: spec.clockShiftMs }], roundSummary(r));
    // Rounds are started together; histories from before patch parallel-starts start them one by one.
    if (patched('parallel-starts')) await Promise.all(legacy.rounds.map(start));
    else for (const r of legacy.rounds) await start(r);
  }

  const details = () =>
    legacy && ledger
      ? ledgerPlanDetails(legacy, [...ledger.values()], closedRounds.size)
      : planDetails(spec.title, rounds.size, closedRounds.size);
  const yearEnd = parseInstant(spec.yearEndAt, 'yearEndAt').toMillis();
  // One timer for the year, and message waits without timeouts: a signal never cancels a timer, so a
  // continue-as-new is never mixed with timer commands in one task.
  let yearOver = false;
  const yearTimer = sleep(Math.max(1, yearEnd - now())).then(() => (yearOver = true));
  while (!yearOver) {
    setCurrentDetails(details());
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      const next: PlanCarry = {
        closedRounds: [...closedRounds],
        roundsStarted: true,
        ...(ledger ? { ledger: [...ledger.values()] } : { rounds: [...rounds] }),
      };
      await continueAsNew<typeof planWorkflow>(input, next);
    }
    await Promise.race([yearTimer, condition(changedSince(() => changes))]);
  }
  // The summary is the state as at year end, whenever the worker gets to it.
  const meta = { plan: spec.plan, title: spec.title, year: spec.year, supervisor: spec.supervisor, supervisorEmail: spec.supervisorEmail };
  const request = { ...meta, rounds: [...rounds], at: spec.yearEndAt, workflowId: workflowInfo().workflowId };
  if (patched(OFFICE_HOURS_PATCH)) {
    // Compiled now, delivered at the first working day's send time (plans from before the patch send at once).
    const summary = ledger
      ? annualSummary(meta, [...ledger.values()], spec.yearEndAt, workflowInfo().workflowId)
      : await compilePlanAnnualSummary(request);
    // The plan's own arrangement of the new year, where it moves the first working day.
    const sendMs = officeHourAfter(Math.max(yearEnd, now()), spec.sendAt ?? DEFAULT_LADDER.sendAt, spec.holidays);
    const timer = timerUntil(sendMs, now);
    if (timer) await timer;
    await sendAnnualSummary({ ...summary, sentAt: isoAt(sendMs) });
  } else if (ledger) await sendAnnualSummary(annualSummary(meta, [...ledger.values()], spec.yearEndAt, workflowInfo().workflowId));
  else await sendPlanAnnualSummary(request);
  setCurrentDetails(`${details()}\n${YEAR_CLOSED}`);
  await condition(allHandlersFinished);
  return ledger ? [...ledger.values()] : [];
}
