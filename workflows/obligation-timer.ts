// One obligation's deadline timer: reminds at the ladder's instants, stops the moment a report
// is submitted, and closes as overdue when the deadline passes first. Deterministic code only.
import {
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ApplicationFailure,
} from '@temporalio/workflow';
import type { ReminderActivities } from '../activities/reminders';
import {
  checkSubmission,
  lightOf,
  receiptNumber,
  timerDetails,
  ObligationTimerInput,
  ObligationTimerState,
  SubmitReceipt,
  SubmitRequest,
  YELLOW_BEFORE_MS,
} from '../domain/timer/rules';
import { DEFAULT_REMINDER_OFFSETS, planReminders } from '../domain/timer/reminder-schedule';
import { parseInstant, isoAt } from '../domain/calendar/time';
import { DomainError } from '../domain/errors';
import { SA } from '../domain/search-attributes';

export const submitUpdate = defineUpdate<SubmitReceipt, [SubmitRequest]>('submit');
export const stateQuery = defineQuery<ObligationTimerState>('state');

const { sendReminder } = proxyActivities<ReminderActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function obligationTimer(input: ObligationTimerInput): Promise<ObligationTimerState> {
  const openedAt = Date.now();
  let due: number;
  let ladder: ReturnType<typeof planReminders>;
  try {
    due = parseInstant(input.dueAt, 'dueAt').toMillis();
    ladder = planReminders(input.dueAt, input.reminders ?? DEFAULT_REMINDER_OFFSETS, openedAt);
  } catch (err) {
    // Bad input is the caller's error: fail this workflow clearly instead of retrying a task forever.
    if (err instanceof DomainError) throw ApplicationFailure.nonRetryable(err.message, 'BadObligationInput');
    throw err;
  }

  const state: ObligationTimerState = {
    stage: 'open',
    light: lightOf('open', due, openedAt),
    dueAt: isoAt(due),
    remindersSent: [],
    remindersPending: ladder.map(({ step, at }) => ({ step, at })),
  };

  const publish = () => {
    state.light = lightOf(state.stage, due, Date.now());
    upsertSearchAttributes([
      { key: SA.stage, value: state.stage },
      { key: SA.light, value: state.light },
    ]);
    setCurrentDetails(timerDetails(state));
  };

  // Identity columns are set here, not by the client, so they are right however the workflow was started.
  upsertSearchAttributes([
    { key: SA.kind, value: 'obligation' },
    { key: SA.plan, value: input.plan },
    { key: SA.task, value: input.task },
    { key: SA.unit, value: input.unit },
    { key: SA.due, value: new Date(due) },
  ]);
  setHandler(stateQuery, () => state);
  setHandler(
    submitUpdate,
    (req) => {
      const now = Date.now();
      const receipt: SubmitReceipt = { receipt: receiptNumber(input.obligationId, 1), submittedAt: isoAt(now), onTime: now <= due };
      state.stage = 'submitted';
      state.submission = { ...receipt, by: req.by.trim() };
      state.remindersPending = [];
      publish();
      return receipt;
    },
    {
      validator: (req) => {
        try {
          checkSubmission(state, req);
        } catch (err) {
          throw err instanceof DomainError ? ApplicationFailure.nonRetryable(err.zh, 'SubmissionRefused', err.en) : err;
        }
      },
    },
  );
  publish();

  const submitted = () => state.stage === 'submitted';
  // Wake-ups: each reminder, plus the moment the light turns yellow (so the UI filter stays true).
  const yellowAt = due - YELLOW_BEFORE_MS;
  const wakeups = [
    ...ladder.map((r) => ({ ...r, kind: 'reminder' as const })),
    ...(yellowAt > openedAt ? [{ step: 'yellow', at: isoAt(yellowAt), atMs: yellowAt, kind: 'light' as const }] : []),
  ].sort((a, b) => a.atMs - b.atMs || (a.kind === 'light' ? -1 : 1));

  for (const w of wakeups) {
    if (await condition(submitted, Math.max(1, w.atMs - Date.now()))) break;
    if (w.kind === 'reminder') {
      await sendReminder({
        key: `${workflowInfo().workflowId}/${w.step}`,
        obligationId: input.obligationId,
        step: w.step,
        plan: input.plan,
        task: input.task,
        unit: input.unit,
        duty: input.duty,
        dueAt: state.dueAt,
        at: w.at,
      });
      state.remindersSent.push({ step: w.step, at: w.at, sentAt: isoAt(Date.now()) });
      state.remindersPending = state.remindersPending.filter((p) => p.step !== w.step);
    }
    publish();
  }

  if (!submitted() && !(await condition(submitted, Math.max(1, due - Date.now())))) {
    state.stage = 'overdue';
    state.remindersPending = [];
    publish();
  }
  return state;
}
