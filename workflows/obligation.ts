// One unit, one duty, one deadline: reminds, collects the report, takes the review, escalates while
// nothing is submitted, and tells its round and plan of every change. Rules live in domain/obligation.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { NoticeActivities } from '../activities/notices';
import type { ReportActivities } from '../activities/reports/activities';
import type { FollowerActivities } from '../activities/followers';
import * as life from '../domain/obligation/lifecycle';
import {
  acknowledgeNotice,
  buildNotice,
  extensionNotice,
  followedKey,
  Notice,
  openingSnapshot,
  snapshotOf,
  undeliverableNotice,
} from '../domain/obligation/notice';
import * as ack from '../domain/obligation/acknowledge';
import * as ext from '../domain/obligation/extension';
import { NoticeOutcome, PERMANENT_FAILURE } from '../domain/notices/delivery';
import type { ObligationSpec } from '../domain/obligation/spec';
import { isoAt, parseInstant } from '../domain/calendar/time';
import { SA } from '../domain/search-attributes';
import { obligationDetails } from '../domain/obligation/summaries';
import { messageOrTimeout } from './wait';
import { changedSince, changeFilter } from './changes';
import { workflowClock } from './clock';
import { NOTICE_ROUND, REPORT_STORE, TELL, UNTIL_BACK } from './retry-policies';
import { guard } from './guard';
import { patchBundle, patchesTaken } from './patches';
import { holidaysArranged } from '../domain/contract/holiday-messages';
import { mergeArrangements } from '../domain/calendar/holidays';
import {
  acknowledgeObligation,
  applyForExtension,
  cancelObligation,
  decideExtension,
  extendDeadline,
  obligationChanged,
  obligationSpec,
  noticeOutcome,
  documentIssued,
  obligationState,
  reviewReport,
  submitReport,
} from '../domain/contract/messages';

const { storeReport } = proxyActivities<ReportActivities>({ startToCloseTimeout: '1 minute', retry: REPORT_STORE });

// After a round of attempts deliver() pauses and starts over: a server that is down means retries until it is back.
const { sendNotice } = proxyActivities<NoticeActivities>({ startToCloseTimeout: '2 minutes', retry: NOTICE_ROUND });

// Handing a notice over is a quick write to the worker's outbox, done inside the obligation's workflow task.
const { queueNotice, scheduleNotice, withdrawNotice } = proxyLocalActivities<NoticeActivities>({
  startToCloseTimeout: '1 minute',
  retry: UNTIL_BACK,
});

/** A notice owed now (a late start's catch-up) is queued at once, with its collection window, not scheduled. */
const SCHEDULE_AHEAD_MIN_MS = 1_000;

/**
 * A first notice further away than this is scheduled by a wake-up this long before it, not in the first task: a
 * start stays as light as a plain workflow's (a plan started in January does not queue May's reminders).
 */
const START_HORIZON_MS = 24 * 3600_000;

// The round is told of a change by the worker's client, inside the obligation's workflow task.
const { tellFollowers } = proxyLocalActivities<FollowerActivities>({ startToCloseTimeout: '1 minute', retry: TELL });

/** Every patch of the obligation so far, taken by new executions under one marker (workflows/patches.ts). */
const OBLIGATION_PATCHES = [
  'late-start-catch-up',
  'office-hours-catch-up',
  'publish-in-passing',
  'upsert-on-change',
  'store-reports',
  'acknowledge',
  'round-knows-opening',
  'tell-followers-locally',
  'queued-notices',
  'extension-applications',
  'publish-while-delivering',
  'one-upsert-at-start',
  'queue-ahead',
] as const;

/** Pause between rounds of attempts when a mail or SMS server stays unreachable. */
const RETRY_ROUND_PAUSE = '1 hour';

/** An obligation started by a round (a 回头看's, a 整改) or before version 2: its patches under one marker. */
export async function obligationWorkflow(spec: ObligationSpec, carried?: life.ObligationState): Promise<life.ObligationState> {
  return runObligation(spec, carried, patchBundle('obligation-patches-2026-12', OBLIGATION_PATCHES));
}

/**
 * The same obligation, started by `duban start`: every patch above taken without a marker (a marker costs two events
 * and a visibility write per execution). Workers from before do not know this type, so none of them runs one.
 */
export async function obligationWorkflowV2(spec: ObligationSpec, carried?: life.ObligationState): Promise<life.ObligationState> {
  return runObligation(spec, carried, patchesTaken(OBLIGATION_PATCHES));
}

async function runObligation(
  spec: ObligationSpec,
  carried: life.ObligationState | undefined,
  isPatched: (id: string) => boolean,
): Promise<life.ObligationState> {
  const now = workflowClock(spec.clockShiftMs);
  const state = carried ? life.withoutStoredTexts(carried) : life.initialState(spec, now());
  const newVersion = changeFilter<number>();
  const newSnapshot = changeFilter<string>();
  // The plan's own holiday arrangements: the 签收提醒, a late start's catch-up 提醒 and the light follow them too, not
  // only the ladder (histories from before followed the calendar package's data there). Asked only when there are some.
  const followHolidays = () => {
    if (!spec.ladderConfig.holidays?.length || !isPatched('arranged-working-days')) return;
    life.followArrangements(state, spec.ladderConfig.holidays);
    life.touch(state, now());
  };
  followHolidays();
  // A late start sends the latest missed reminder once (histories from before the patch replay without it).
  const catchUp = isPatched('late-start-catch-up');
  // ... at the next office hour unless that passes the deadline (histories from before send it at the start).
  const officeHours = catchUp && isPatched('office-hours-catch-up');
  // The round is told of a change without waiting for the server's confirmation, so the timer that follows goes
  // in the same workflow task: the first task ends asleep (histories from before waited for each signal).
  const inPassing = isPatched('publish-in-passing');
  // Search attributes are upserted when one of them changes, not after every reminder (histories from before
  // upserted them on every change of state): an event and a visibility write less per reminder.
  const upsertOnChange = isPatched('upsert-on-change');
  const newAttributes = changeFilter<string>();
  // The next notice is scheduled (queued for its instant) as soon as it is known, where the worker's sink can hold
  // it until then: a 09:00 burst goes out at 09:00 whatever the workflow tasks' backlog (histories from before
  // handed each over at its instant). A sink that cannot is asked once per run.
  let scheduling = isPatched('queue-ahead');
  /** Until the run's first wait: notices beyond the start horizon are left for a later wake-up. */
  let starting = true;
  /** The notice scheduled for its instant, the wake-up it is for and the state version it was built from. */
  let ahead: { notice: Notice; next: life.Wakeup; version: number; arranged: number } | undefined;
  /** Signals sent in passing; awaited before the workflow closes or continues as new. */
  let inFlight: Promise<unknown> = Promise.resolve();
  /** What the worker's sender told of queued notices (refusals, stalls), taken in order by the main loop. */
  const outcomes: NoticeOutcome[] = [];
  setHandler(noticeOutcome, (o) => void outcomes.push(o));
  // Holiday arrangements an office records while the obligation runs (its calendar file): the steps not yet taken
  // follow them, and a notice queued for an instant of the old ladder is taken back (histories from before had none).
  let arranged = 0;
  setHandler(holidaysArranged, (arrangements) => {
    if (!isPatched('holiday-arrangements')) return;
    spec.ladderConfig = { ...spec.ladderConfig, holidays: mergeArrangements(spec.ladderConfig.holidays, arrangements) };
    followHolidays();
    arranged++;
  });

  // A 公文 issued for it is recorded on its timeline with its number, once (a mail sent again tells it again).
  setHandler(documentIssued, (d) => {
    if (!isPatched('document-timeline')) return;
    const note = `${d.title} ${d.number}`;
    if (!state.timeline.some((e) => e.kind === 'document' && e.note === note)) state.timeline.push({ at: d.at, kind: 'document', note });
  });
  setHandler(obligationState, () => state);
  setHandler(obligationSpec, () => spec);
  setHandler(
    submitReport,
    async (req) => {
      // Short receipt numbers to read out on the phone (histories from before gave HZ-<obligation id>-<n>).
      const receipt = life.applySubmit(state, spec, req, now(), isPatched('short-receipts'));
      // Clients store the report first and send its reference. Older clients sent the text: it is stored
      // by the activity (or, in histories from before the report store, kept in the state).
      if (!req.report) {
        const sub = state.submissions.at(-1)!;
        if (isPatched('store-reports')) {
          life.attachReport(
            state,
            await storeReport({
              obligation: spec.id,
              receipt: receipt.receipt,
              text: req.text ?? '',
              figures: sub.figures,
              attachments: req.attachments ?? [],
            }),
          );
        } else sub.text = req.text;
      }
      return receipt;
    },
    { validator: (req) => guard(() => life.checkSubmit(state, spec, req)) },
  );
  // Review, extension and cancellation: check, apply, answer the new state.
  const change = <R>(update: UpdateDefinition<life.ObligationState, [R]>, check: (r: R) => void, apply: (r: R) => void) =>
    setHandler(update, (r) => (apply(r), state), { validator: (r) => guard(() => check(r)) });
  change(
    reviewReport,
    (r) => life.checkReview(state, r, now()),
    (r) => life.applyReview(state, r, now()),
  );
  change(
    extendDeadline,
    (r) => life.checkExtend(state, r, now()),
    (r) => life.applyExtend(state, r, now()),
  );
  change(
    cancelObligation,
    (r) => life.checkCancel(state, r),
    (r) => life.applyCancel(state, r, now()),
  );
  change(
    acknowledgeObligation,
    (r) => ack.checkAcknowledge(state, r),
    (r) => ack.applyAcknowledge(state, r, now()),
  );
  change(
    applyForExtension,
    (r) => ext.checkApplyForExtension(state, spec, r, now()),
    (r) => void ext.applyForExtension(state, r, now()),
  );
  change(
    decideExtension,
    (r) => ext.checkDecideExtension(state, r, now()),
    (r) => ext.decideExtension(state, r, now()),
  );
  // 签收提醒 for obligations started with a 签收 rule (histories from before replay without them).
  const acknowledging = () => spec.ladderConfig.acknowledgeWithin !== undefined && isPatched('acknowledge');

  // The round opened this obligation's row before starting it: an unchanged opening row is not told again, which
  // spares a signal and a workflow task on both sides per obligation (histories from before told it).
  if (!carried && isPatched('round-knows-opening')) newSnapshot(followedKey(openingSnapshot(spec, isoAt(now()))));

  const stateAttributes = () => [
    { key: SA.stage, value: state.stage },
    { key: SA.light, value: state.light },
    { key: SA.level, value: state.level },
    { key: SA.due, value: new Date(parseInstant(state.due, 'due').toMillis()) },
  ];
  const attributesKey = () => [state.stage, state.light, state.level, state.due].join('|');
  if (!carried) {
    const place = [
      { key: SA.kind, value: spec.followUpOf ? 'lookback' : 'obligation' },
      { key: SA.plan, value: spec.plan },
      { key: SA.task, value: spec.task },
      { key: SA.unit, value: spec.unit },
    ];
    // Place and state in one upsert (histories from before upserted the state apart, when publishing).
    if (isPatched('one-upsert-at-start')) {
      upsertSearchAttributes([...place, ...stateAttributes()]);
      newAttributes(attributesKey());
    } else upsertSearchAttributes(place);
  }

  /** Search attributes, UI details and the round/plan are brought up to date after every change. */
  const publish = async () => {
    if (!newVersion(state.version)) return;
    if (newAttributes(attributesKey()) || !upsertOnChange) upsertSearchAttributes(stateAttributes());
    setCurrentDetails(obligationDetails(spec, state));
    const snapshot = snapshotOf(spec, state, isoAt(now()));
    if (!newSnapshot(followedKey(snapshot))) return;
    // One marker in this history, where a signal sent from here costs five events and a workflow task (histories
    // from before signalled; a worker without a client still does).
    if (isPatched('tell-followers-locally')) {
      const told = await tellFollowers({ ids: spec.notify, snapshot: { ...snapshot, version: state.version } });
      if (told === 'told') return;
    }
    for (const id of spec.notify) {
      // The round or plan may be gone (e.g. started on its own): a lost notification must not fail the obligation.
      // In passing, the change carries its version: the round keeps the newest whatever order they land in.
      const sent = getExternalWorkflowHandle(id)
        .signal(obligationChanged, inPassing ? { ...snapshot, version: state.version } : snapshot)
        .catch(() => undefined);
      if (inPassing) inFlight = Promise.all([inFlight, sent]);
      else await sent;
    }
  };

  /** Publishes every change made while `work` runs; resolves with its result. */
  const publishing = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined); // a failure reaches the caller through `result`, not as an unhandled rejection
    for (;;) {
      const changed = changedSince(() => state.version);
      await condition(() => done || changed());
      if (done) return result;
      await publish();
    }
  };

  const stalled = (notice: Notice, reason: string) => {
    if (state.timeline.at(-1)?.kind !== 'delivery-stalled')
      state.timeline.push({ at: isoAt(now()), kind: 'delivery-stalled', note: `${notice.stepKey}：${reason}` });
  };

  /**
   * Hands a notice over in this workflow task (a local activity: five events and a workflow task less than the
   * notice activity); returns the reason when it was refused for good there and then. A worker whose sink can only
   * deliver while the obligation waits answers 'direct', and the notice goes by the notice activity (as in histories
   * from before).
   */
  const send = async (notice: Notice): Promise<string | undefined> => {
    if (isPatched('queued-notices') && (await queueNotice(notice)) !== 'direct') return undefined;
    return deliver(notice, (reason) => stalled(notice, reason));
  };

  /** A refusal is recorded; a reminder's is reported to the supervisor (a report's or an extension notice's is not). */
  const refused = async (notice: Notice, reason: string) => {
    life.markUndeliverable(
      state,
      notice.stepKey,
      notice.to.map((a) => a.email),
      reason,
      now(),
    );
    if (notice.step === 'undeliverable' || notice.step.startsWith('extension-')) return;
    const report = undeliverableNotice(spec, notice, reason);
    if (!(await send(report))) state.timeline.push({ at: isoAt(now()), kind: 'undeliverable-reported', to: report.to.map((a) => a.name) });
  };

  /** The notice a wake-up sends, if any (a reminder the deadline has overtaken sends none). */
  const noticeFor = (next: life.Wakeup): Notice | undefined => {
    if (next.kind === 'due' || next.kind === 'yellow') return undefined;
    if (next.kind === 'step' && next.step.step === 'reminder' && state.stage === 'overdue') return undefined;
    const key = `${workflowInfo().workflowId}/${next.key}`;
    return next.kind === 'acknowledge'
      ? acknowledgeNotice(spec, state, next, key)
      : buildNotice(spec, state, { step: next.step.step, key: next.step.key, at: next.step.at }, key);
  };
  const markSent = (next: life.Wakeup, notice: Notice) => {
    const names = notice.to.map((a) => a.name);
    if (next.kind === 'acknowledge') ack.markAcknowledgeReminderSent(state, next, names, next.atMs);
    else life.markStepSent(state, next as Extract<life.Wakeup, { kind: 'step' }>, names, next.atMs);
  };
  /**
   * A change since the notice was scheduled (a report, a decision, a refusal, the light) may make it wrong: it is
   * taken back, and scheduled again if still due. One already going out is recorded as sent.
   */
  const settleAhead = async () => {
    if (!ahead || (ahead.version === state.version && ahead.arranged === arranged && !life.isClosed(state.stage))) return;
    const { notice, next } = ahead;
    ahead = undefined;
    if (!(await withdrawNotice(notice.key))) markSent(next, notice);
  };

  while (!life.isClosed(state.stage)) {
    await publish();
    await settleAhead();
    const told = outcomes.shift();
    if (told) {
      if (told.outcome === 'refused') await refused(told.notice, told.reason);
      else stalled(told.notice, told.reason);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested && !ahead) {
      await inFlight;
      await condition(allHandlersFinished);
      await continueAsNew<typeof obligationWorkflow>(spec, state);
    }
    // 延期申请 are told to the supervisor at once; decisions reach the unit at the next office hour (histories from
    // before the rule told them at once). The ladder is not held up: an application is not an extension.
    const owed = ext.extensionNoticesDue(state);
    const extensionNotices = owed.length > 0 && isPatched('extension-applications') ? owed : [];
    const heldDecisions = extensionNotices.length > 0 && isPatched('extension-notices-office-hours');
    const noticeAt = (n: ext.ExtensionNoticeDue) => ext.extensionNoticeAtMs(n, spec.ladderConfig.sendAt, heldDecisions);
    const application = extensionNotices.find((n) => noticeAt(n) <= now());
    if (application) {
      await notifyExtension(spec, state, application, now, send, refused);
      continue;
    }
    const heldUntil = Math.min(...extensionNotices.map(noticeAt));
    const versionChanged = changedSince(() => state.version);
    const rearranged = changedSince(() => arranged);
    // A message changed the state or the calendar, or the sender told of a queued notice.
    const changed = () => versionChanged() || outcomes.length > 0 || rearranged();
    const next = life.nextWakeup(state, spec, now(), { catchUp, officeHours, acknowledge: acknowledging() });
    if (heldUntil < (next?.atMs ?? Infinity)) {
      await messageOrTimeout(changed, heldUntil - now()); // a decision's notice waits for office hours
      continue;
    }
    if (!next) {
      await condition(changed); // nothing scheduled (e.g. awaiting review): wait for a message
      continue;
    }
    const upcoming = noticeFor(next);
    const unscheduled = scheduling && upcoming && ahead?.notice.key !== upcoming.key;
    if (unscheduled && starting && next.atMs - now() > START_HORIZON_MS) {
      starting = false;
      await messageOrTimeout(changed, next.atMs - START_HORIZON_MS - now());
      continue; // a message came, or the horizon: scheduled in the next round of the loop
    }
    starting = false;
    if (unscheduled && next.atMs - now() > SCHEDULE_AHEAD_MIN_MS) {
      // The instant on the worker's clock: a simulated year's clock runs shifted behind it.
      if (await scheduleNotice({ notice: upcoming, atMs: next.atMs + (spec.clockShiftMs ?? 0) }))
        ahead = { notice: upcoming, next, version: state.version, arranged };
      else scheduling = false;
    }
    const changedFirst = await messageOrTimeout(changed, next.atMs - now());
    if (changedFirst) continue; // a message changed the state: recompute what comes next

    const at = now();
    // The timeline records the instant each step was due (a delayed worker does not blur the record).
    if (next.kind === 'due') {
      if (state.stage === 'open' || state.stage === 'returned') life.markOverdue(state, next.atMs);
    } else if (next.kind === 'yellow') {
      life.touch(state, at);
    } else if (next.kind === 'step' && next.step.step === 'reminder' && state.stage === 'overdue') {
      life.markStepSent(state, next, [], next.atMs); // a reminder that can no longer come before the deadline: skipped
    } else if (ahead && ahead.notice.key === upcoming?.key) {
      // Scheduled and unchanged since: the sender has it out at this instant (a refusal is told later).
      markSent(next, ahead.notice);
      ahead = undefined;
    } else {
      const notice = upcoming!;
      // A report, review or extension that comes while the notice is still being delivered (a mail server down for
      // hours, a worker that died mid-send) shows in the search attributes at once, not after the delivery.
      const delivering = send(notice);
      const refusal = isPatched('publish-while-delivering') ? await publishing(delivering) : await delivering;
      markSent(next, notice);
      if (refusal) await refused(notice, refusal);
    }
  }
  await settleAhead();
  await publish();
  await inFlight;
  await condition(allHandlersFinished);
  return state;
}

/** Tells the supervisor of an application or the unit of its decision; a refused delivery is recorded. */
async function notifyExtension(
  spec: ObligationSpec,
  state: life.ObligationState,
  due: ext.ExtensionNoticeDue,
  now: () => number,
  send: (notice: Notice) => Promise<string | undefined>,
  refused: (notice: Notice, reason: string) => Promise<void>,
) {
  const notice = extensionNotice(spec, state, due, `${workflowInfo().workflowId}/${due.key}`, isoAt(now()));
  const refusal = await send(notice);
  ext.markExtensionNoticeSent(
    state,
    due,
    notice.to.map((a) => a.name),
    now(),
  );
  if (refusal) await refused(notice, refusal);
}

/**
 * Sends a notice in the notice activity; returns the reason when the server refused it for good. A server that
 * stays down through a whole round of attempts is tried again after a pause, for as long as it takes. Neither a
 * retry nor the report of a refusal waits for office hours: the notice was due at office hours already.
 */
async function deliver(notice: Notice, onStall: (reason: string) => void): Promise<string | undefined> {
  for (;;) {
    try {
      await sendNotice(notice);
      return undefined;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      if (err.cause instanceof ApplicationFailure && err.cause.type === PERMANENT_FAILURE) return err.cause.message;
      onStall(err.cause?.message ?? err.message);
      await sleep(RETRY_ROUND_PAUSE);
    }
  }
}
