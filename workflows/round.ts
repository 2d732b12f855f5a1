// A round: every obligation sharing one deadline and recipient (e.g. task 14's May report), or a 回头看
// started by a supervisor. Starts its obligations (unless `duban start` did), keeps their live state, compiles the 汇总 at the
// deadline and again when the last one closes (each delivered at the next office hour), and can open a
// rectification (整改) obligation.
import {
  allHandlersFinished,
  condition,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { isClosed } from '../domain/obligation/state';
import { compile, Compilation } from '../domain/obligation/compilation';
import { compactSnapshot, ObligationSnapshot, openingSnapshot, placed } from '../domain/obligation/snapshot';
import type { ObligationSpec, RoundSpec } from '../domain/obligation/spec';
import { packRound, type PackedRoundSpec, unpackRound } from '../domain/obligation/packed-round';
import { rectificationSpec, RectificationRequest } from '../domain/obligation/rounds';
import { obligationSummary, roundDetails } from '../domain/obligation/summaries';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { readDue } from '../domain/calendar/deadline';
import { DEFAULT_LADDER } from '../domain/calendar/ladder';
import { SA } from '../domain/search-attributes';
import { DomainError } from '../domain/errors';
import { obligationChanged, roundClosed, roundOpened, roundSnapshots, roundSpec } from '../domain/contract/messages';
import { obligationWorkflow } from './obligation';
import { messageOrTimeout } from './wait';
import { changedSince, changeFilter, newestChanges } from './changes';
import { workflowClock } from './clock';
import { guard } from './guard';
import { startDurableChild } from './children';
import { officeHourAfter, OFFICE_HOURS_PATCH, sendCompilation, timerUntil } from './summary-delivery';

export const openRectification = defineUpdate<ObligationSnapshot, [RectificationRequest]>('openRectification');

export async function roundWorkflow(input: RoundSpec | PackedRoundSpec): Promise<ObligationSnapshot[]> {
  const spec = unpackRound(input);
  const now = workflowClock(spec.clockShiftMs);
  // The round keeps each row with where its obligation sits (round, unit code, kind): readers never parse ids.
  const specs = new Map<string, ObligationSpec>();
  const snapshots = new Map<string, ObligationSnapshot>();
  const open = (o: ObligationSpec) => {
    specs.set(o.id, o);
    snapshots.set(o.id, placed(openingSnapshot(o, isoAt(now())), o));
  };
  for (const o of spec.obligations) open(o);

  const newest = newestChanges();
  setHandler(obligationChanged, (told) => {
    const s = newest(told);
    if (!s) return;
    const o = specs.get(s.id);
    snapshots.set(s.id, o ? placed(compactSnapshot(s), o) : compactSnapshot(s));
  });
  setHandler(roundSnapshots, () => [...snapshots.values()]);
  setHandler(roundSpec, () => packRound(spec));

  const start = async (o: ObligationSpec) =>
    startDurableChild(obligationWorkflow, o.id, [{ ...o, clockShiftMs: spec.clockShiftMs }], obligationSummary(o));

  setHandler(
    openRectification,
    async (req) => {
      const o = rectificationSpec(spec, req, [...snapshots.values()], readDue(req.due, 'due'), isoAt(now()), patched('rectification-seq'));
      open(o);
      spec.obligations.push(o);
      await start(o);
      return snapshots.get(o.id)!;
    },
    {
      validator: (req) =>
        guard(() => {
          rectificationSpec(spec, req, [...snapshots.values()], readDue(req?.due ?? '', 'due'), isoAt(now()));
          if (parseInstant(readDue(req.due, 'due'), 'due').toMillis() <= now())
            throw new DomainError('整改截止时间已经过去', 'due is in the past');
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
    await getExternalWorkflowHandle(spec.planWorkflowId)
      .signal(roundOpened, { round: spec.round })
      .catch(() => undefined);
  }
  // Obligations are started together (one workflow task); histories from before patch parallel-starts start them one
  // by one. Rounds of `duban start` find them started beside them.
  if (!spec.obligationsStartedApart) {
    if (patched('parallel-starts')) await Promise.all(spec.obligations.map(start));
    else for (const o of spec.obligations) await start(o);
  }

  const newDetails = changeFilter<string>();
  const publish = () => {
    const text = roundDetails(spec, [...snapshots.values()]);
    if (newDetails(text)) setCurrentDetails(text);
  };
  const stages = () => JSON.stringify([...snapshots.values()].map((s) => s.stage));
  const allClosed = () => [...snapshots.values()].every((s) => isClosed(s.stage));
  const compileNow = (edition: 'deadline' | 'final') =>
    compile(spec, [...snapshots.values()], edition, isoAt(now()), workflowInfo().workflowId);
  const sendAt = spec.sendAt ?? spec.obligations[0]?.ladderConfig.sendAt ?? DEFAULT_LADDER.sendAt;
  const holidays = spec.obligations[0]?.ladderConfig.holidays;
  /** Delivers a compilation at the next office hour after it was compiled: its content stays as compiled. */
  const deliver = async (c: Compilation) => {
    if (!patched(OFFICE_HOURS_PATCH)) return sendCompilation(c);
    const sendMs = officeHourAfter(parseInstant(c.at, 'at').toMillis(), sendAt, holidays);
    const timer = timerUntil(sendMs, now);
    if (timer) await timer;
    await sendCompilation({ ...c, sentAt: isoAt(sendMs) });
  };

  // Until the deadline: keep the details current; then the deadline edition of the 汇总, compiled now (the
  // state at the deadline) and delivered at the next office hour while the round goes on following changes.
  const dueMs = parseInstant(spec.due, 'due').toMillis();
  while (now() < dueMs && !allClosed()) {
    publish();
    // A new obligation (a 整改) adds a stage, so the stages alone tell every change that matters here.
    await messageOrTimeout(changedSince(stages), dueMs - now());
  }
  let deadlineEdition: Promise<void> = Promise.resolve();
  if (now() >= dueMs) {
    deadlineEdition = deliver(compileNow('deadline'));
    deadlineEdition.catch(() => undefined); // awaited below; a failure surfaces there
  }
  // Then wait for the last obligation to close, and compile the final edition (delivered after the deadline's).
  for (;;) {
    publish();
    if (allClosed()) break;
    await condition(changedSince(stages));
  }
  const finalEdition = compileNow('final');
  await deadlineEdition;
  await deliver(finalEdition);
  publish();
  if (spec.planWorkflowId) {
    await getExternalWorkflowHandle(spec.planWorkflowId)
      .signal(roundClosed, { round: spec.round, at: isoAt(now()) })
      .catch(() => undefined);
  }
  await condition(allHandlersFinished);
  return [...snapshots.values()];
}
