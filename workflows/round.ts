// A round: every obligation sharing one deadline and recipient (e.g. task 14's May report), or a 回头看
// started by a supervisor. Starts its obligations, keeps their live state, compiles the 汇总 at the
// deadline and again when the last one closes, and can open a rectification (整改) obligation.
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { NoticeActivities } from '../activities/notices';
import { isClosed, readDue } from '../domain/obligation/lifecycle';
import { compactSnapshot, compile, ObligationSnapshot } from '../domain/obligation/notice';
import type { ObligationSpec, RoundSpec } from '../domain/obligation/spec';
import { roundSummary, rectificationSpec, RectificationRequest } from '../domain/obligation/rounds';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { SA } from '../domain/search-attributes';
import { DomainError } from '../domain/errors';
import { obligationChanged, roundClosed, roundOpened, roundSnapshots, roundSpec } from './messages';
import { obligationWorkflow } from './obligation';
import { messageOrTimeout } from './wait';
import { guard } from './guard';

export const openRectification = defineUpdate<ObligationSnapshot, [RectificationRequest]>('openRectification');

const { sendCompilation } = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export async function roundWorkflow(spec: RoundSpec): Promise<ObligationSnapshot[]> {
  const now = () => Date.now() - (spec.clockShiftMs ?? 0);
  const snapshots = new Map<string, ObligationSnapshot>();
  for (const o of spec.obligations) snapshots.set(o.id, initialSnapshot(o, isoAt(now())));

  setHandler(obligationChanged, (s) => {
    snapshots.set(s.id, compactSnapshot(s));
  });
  setHandler(roundSnapshots, () => [...snapshots.values()]);
  setHandler(roundSpec, () => spec);

  const start = async (o: ObligationSpec) =>
    startChild(obligationWorkflow, {
      workflowId: o.id,
      args: [{ ...o, clockShiftMs: spec.clockShiftMs }],
      // Obligations are the durable unit: they outlive a round that is terminated or reset.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `任务${o.task} · ${o.unit} · ${o.duty} · 截止 ${o.due.slice(0, 10)}`,
    });

  setHandler(
    openRectification,
    async (req) => {
      const o = rectificationSpec(spec, req, [...snapshots.values()], readDue(req.due, 'due'), isoAt(now()), patched('rectification-seq'));
      snapshots.set(o.id, initialSnapshot(o, isoAt(now())));
      spec.obligations.push(o);
      await start(o);
      return snapshots.get(o.id)!;
    },
    {
      validator: (req) =>
        guard(() => {
          rectificationSpec(spec, req, [...snapshots.values()], readDue(req?.due ?? '', 'due'), isoAt(now()));
          if (parseInstant(readDue(req.due, 'due'), 'due').toMillis() <= now()) throw new DomainError('整改截止时间已经过去', 'due is in the past');
        }),
    },
  );

  upsertSearchAttributes([
    { key: SA.kind, value: spec.kind },
    { key: SA.plan, value: spec.plan },
    { key: SA.task, value: spec.task },
    { key: SA.due, value: new Date(parseInstant(spec.due, 'due').toMillis()) },
  ]);
  // A 回头看 tells its plan it exists: the plan's ledger is read from its rounds.
  if (spec.kind === 'lookback' && spec.planWorkflowId && patched('announce-lookback')) {
    await getExternalWorkflowHandle(spec.planWorkflowId).signal(roundOpened, { round: spec.round }).catch(() => undefined);
  }
  // Obligations are started together (one workflow task); histories from before this start them one by one.
  if (patched('parallel-starts')) await Promise.all(spec.obligations.map(start));
  else for (const o of spec.obligations) await start(o);

  let last = '';
  const publish = () => {
    const text = roundSummary(spec, [...snapshots.values()]);
    if (text !== last) setCurrentDetails((last = text));
  };
  const allClosed = () => [...snapshots.values()].every((s) => isClosed(s.stage));
  const compileNow = async (edition: 'deadline' | 'final') =>
    sendCompilation(compile(spec, [...snapshots.values()], edition, isoAt(now()), workflowInfo().workflowId));

  // Until the deadline: keep the details current; then the deadline edition of the 汇总.
  const dueMs = parseInstant(spec.due, 'due').toMillis();
  while (now() < dueMs && !allClosed()) {
    publish();
    const size = snapshots.size;
    const before = JSON.stringify([...snapshots.values()].map((s) => s.stage));
    await messageOrTimeout(() => snapshots.size !== size || JSON.stringify([...snapshots.values()].map((s) => s.stage)) !== before, dueMs - now());
  }
  if (now() >= dueMs) await compileNow('deadline');
  // Then wait for the last obligation to close, and compile the final edition.
  for (;;) {
    publish();
    if (allClosed()) break;
    const before = JSON.stringify([...snapshots.values()].map((s) => s.stage));
    await condition(() => JSON.stringify([...snapshots.values()].map((s) => s.stage)) !== before);
  }
  await compileNow('final');
  publish();
  if (spec.planWorkflowId) {
    await getExternalWorkflowHandle(spec.planWorkflowId).signal(roundClosed, { round: spec.round, at: isoAt(now()) }).catch(() => undefined);
  }
  await condition(allHandlersFinished);
  return [...snapshots.values()];
}

function initialSnapshot(o: ObligationSpec, at: string): ObligationSnapshot {
  return { id: o.id, task: o.task, unit: o.unit, dutyId: o.dutyId, duty: o.duty, stage: 'open', light: 'green', level: 0, due: o.due, at };
}
