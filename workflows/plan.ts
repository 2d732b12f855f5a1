// One plan year: knows its rounds (the ledger is read from them; the client starts them, each with its own
// obligations), compiles the annual summary at year end and closes. Continues as new when its history grows.
// Plans started before this receive the whole expanded plan, start their rounds and keep the ledger.
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
import type { LedgerActivities } from '../activities/ledger';
import { annualSummary } from '../domain/obligation/annual';
import type { ObligationSnapshot } from '../domain/obligation/notice';
import type { PlanInput, PlanRunSpec } from '../domain/obligation/spec';
import { STAGE_ZH } from '../domain/obligation/lifecycle';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { SA } from '../domain/search-attributes';
import { obligationChanged, planLedger, planRounds, roundClosed, roundOpened } from './messages';
import { roundWorkflow } from './round';

const retry = { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' } as const;
const { sendAnnualSummary } = proxyActivities<NoticeActivities>({ startToCloseTimeout: '5 minutes', retry });
const { sendPlanAnnualSummary } = proxyActivities<LedgerActivities>({ startToCloseTimeout: '10 minutes', retry });

export interface PlanCarry {
  /** Only for plans started with the expanded spec (before plans expanded their own source). */
  ledger?: ObligationSnapshot[];
  closedRounds: string[];
  roundsStarted: boolean;
  /** Every round of the plan, 回头看 rounds included. */
  rounds?: string[];
}

export async function planWorkflow(input: PlanRunSpec | PlanInput, carry?: PlanCarry): Promise<ObligationSnapshot[]> {
  const spec = input;
  const legacy = 'rounds' in input ? input : undefined;
  const now = () => Date.now() - (spec.clockShiftMs ?? 0);
  const ledger = legacy && new Map<string, ObligationSnapshot>((carry?.ledger ?? initialLedger(legacy, isoAt(now()))).map((s) => [s.id, s]));
  const rounds = new Set(carry?.rounds ?? (legacy ? legacy.rounds.map((r) => r.round) : (input as PlanInput).roundIds));
  const closedRounds = new Set(carry?.closedRounds ?? []);
  let changes = 0;

  setHandler(obligationChanged, (s) => {
    if (!ledger) return; // an obligation started before this rule may still tell its plan: its round has it
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
      startChild(roundWorkflow, {
        workflowId: r.round,
        args: [{ ...r, clockShiftMs: spec.clockShiftMs }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `轮次 · 任务${r.task} · ${r.duty} · 截止 ${r.due.slice(0, 10)} · ${r.obligations.length} 个单位`,
      });
    // Rounds are started together; histories from before this start them one by one.
    if (patched('parallel-starts')) await Promise.all(legacy.rounds.map(start));
    else for (const r of legacy.rounds) await start(r);
  }

  const details = () => (legacy && ledger ? ledgerDetails(legacy, [...ledger.values()], closedRounds.size) : `${spec.title}\n轮次 ${rounds.size}，已结束 ${closedRounds.size}`);
  const yearEnd = parseInstant(spec.yearEndAt, 'yearEndAt').toMillis();
  // One timer for the year, and message waits without timeouts: a signal never cancels a timer, so a
  // continue-as-new is never mixed with timer commands in one task.
  let yearOver = false;
  const yearTimer = sleep(Math.max(1, yearEnd - now())).then(() => (yearOver = true));
  while (!yearOver) {
    setCurrentDetails(details());
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      const next: PlanCarry = { closedRounds: [...closedRounds], roundsStarted: true, ...(ledger ? { ledger: [...ledger.values()] } : { rounds: [...rounds] }) };
      await continueAsNew<typeof planWorkflow>(input, next);
    }
    const seen = changes;
    await Promise.race([yearTimer, condition(() => changes !== seen)]);
  }
  // The summary is the state as at year end, whenever the worker gets to it.
  const meta = { plan: spec.plan, title: spec.title, year: spec.year, supervisor: spec.supervisor, supervisorEmail: spec.supervisorEmail };
  if (ledger) await sendAnnualSummary(annualSummary(meta, [...ledger.values()], spec.yearEndAt, workflowInfo().workflowId));
  else await sendPlanAnnualSummary({ ...meta, rounds: [...rounds], at: spec.yearEndAt, workflowId: workflowInfo().workflowId });
  setCurrentDetails(details() + '\n年度总结已发送，方案年度结束');
  await condition(allHandlersFinished);
  return ledger ? [...ledger.values()] : [];
}

function initialLedger(spec: PlanRunSpec, at: string): ObligationSnapshot[] {
  return spec.rounds.flatMap((r) =>
    r.obligations.map((o) => ({ id: o.id, task: o.task, unit: o.unit, dutyId: o.dutyId, duty: o.duty, stage: 'open' as const, light: 'green' as const, level: 0, due: o.due, at })),
  );
}

function ledgerDetails(spec: PlanRunSpec, ledger: ObligationSnapshot[], closed: number): string {
  const count = (st: ObligationSnapshot['stage']) => ledger.filter((s) => s.stage === st).length;
  const red = ledger.filter((s) => s.light === 'red').length;
  const stages = (['accepted', 'submitted', 'open', 'returned', 'overdue'] as const).map((st) => `${STAGE_ZH[st]} ${count(st)}`).join('，');
  return `${spec.title}\n报送事项 ${ledger.length}：${stages}；红灯 ${red}；已结束轮次 ${closed}/${spec.rounds.length}`;
}
