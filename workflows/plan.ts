// One plan year: opens every round, keeps the ledger (台账) of every obligation by query, compiles the
// annual summary at year end and closes. Continues as new when its history grows long.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';
import { annualSummary } from '../domain/obligation/annual';
import type { ObligationSnapshot } from '../domain/obligation/notice';
import type { PlanRunSpec } from '../domain/obligation/spec';
import { STAGE_ZH } from '../domain/obligation/lifecycle';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { SA } from '../domain/search-attributes';
import { obligationChanged, planLedger, roundClosed } from './messages';
import { roundWorkflow } from './round';

const { sendAnnualSummary } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface PlanCarry {
  ledger: ObligationSnapshot[];
  closedRounds: string[];
  roundsStarted: boolean;
}

export async function planWorkflow(spec: PlanRunSpec, carry?: PlanCarry): Promise<ObligationSnapshot[]> {
  const now = () => Date.now() - (spec.clockShiftMs ?? 0);
  const ledger = new Map<string, ObligationSnapshot>((carry?.ledger ?? initialLedger(spec, isoAt(now()))).map((s) => [s.id, s]));
  const closedRounds = new Set(carry?.closedRounds ?? []);
  let changes = 0;

  setHandler(obligationChanged, (s) => {
    ledger.set(s.id, s);
    changes++;
  });
  setHandler(roundClosed, ({ round }) => {
    closedRounds.add(round);
    changes++;
  });
  setHandler(planLedger, () => [...ledger.values()]);

  if (!carry) {
    upsertSearchAttributes([
      { key: SA.kind, value: 'plan' },
      { key: SA.plan, value: spec.plan },
      { key: SA.due, value: new Date(parseInstant(spec.yearEndAt, 'yearEndAt').toMillis()) },
    ]);
  }
  if (!carry?.roundsStarted) {
    const start = (r: PlanRunSpec['rounds'][number]) =>
      startChild(roundWorkflow, {
        workflowId: r.round,
        args: [{ ...r, clockShiftMs: spec.clockShiftMs }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `轮次 · 任务${r.task} · ${r.duty} · 截止 ${r.due.slice(0, 10)} · ${r.obligations.length} 个单位`,
      });
    // Rounds are started together; histories from before this start them one by one.
    if (patched('parallel-starts')) await Promise.all(spec.rounds.map(start));
    else for (const r of spec.rounds) await start(r);
  }

  const yearEnd = parseInstant(spec.yearEndAt, 'yearEndAt').toMillis();
  // One timer for the year, and message waits without timeouts: a signal never cancels a timer, so a
  // continue-as-new is never mixed with timer commands in one task.
  let yearOver = false;
  const yearTimer = sleep(Math.max(1, yearEnd - now())).then(() => (yearOver = true));
  while (!yearOver) {
    setCurrentDetails(details(spec, [...ledger.values()], closedRounds.size));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof planWorkflow>(spec, { ledger: [...ledger.values()], closedRounds: [...closedRounds], roundsStarted: true });
    }
    const seen = changes;
    await Promise.race([yearTimer, condition(() => changes !== seen)]);
  }
  // The summary is the state as at year end, whenever the worker gets to it.
  await sendAnnualSummary(annualSummary(spec, [...ledger.values()], spec.yearEndAt, workflowInfo().workflowId));
  setCurrentDetails(details(spec, [...ledger.values()], closedRounds.size) + '\n年度总结已发送，方案年度结束');
  await condition(allHandlersFinished);
  return [...ledger.values()];
}

function initialLedger(spec: PlanRunSpec, at: string): ObligationSnapshot[] {
  return spec.rounds.flatMap((r) =>
    r.obligations.map((o) => ({ id: o.id, task: o.task, unit: o.unit, dutyId: o.dutyId, duty: o.duty, stage: 'open' as const, light: 'green' as const, level: 0, due: o.due, at })),
  );
}

function details(spec: PlanRunSpec, ledger: ObligationSnapshot[], closed: number): string {
  const count = (st: ObligationSnapshot['stage']) => ledger.filter((s) => s.stage === st).length;
  const red = ledger.filter((s) => s.light === 'red').length;
  const stages = (['accepted', 'submitted', 'open', 'returned', 'overdue'] as const).map((st) => `${STAGE_ZH[st]} ${count(st)}`).join('，');
  return `${spec.title}\n报送事项 ${ledger.length}：${stages}；红灯 ${red}；已结束轮次 ${closed}/${spec.rounds.length}`;
}
