// The obligation timer on the time-skipping test server: virtual weeks pass in seconds.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { obligationTimer, stateQuery, submitUpdate } from '../../workflows/obligation-timer';
import { createActivities } from '../../activities';
import { ObligationTimerInput } from '../../domain/timer/rules';
import { ZONE } from '../../domain/calendar/time';
import { RecordingSink } from '../helpers/recording-sink';
import { timeSkippingEnv, warmUp, workflowBundle } from '../../client/simulation/environment';

let env: TestWorkflowEnvironment;
let sink: RecordingSink;
let worker: Worker;
let running: Promise<void>;
let seq = 0;

beforeAll(async () => {
  env = await timeSkippingEnv();
  await warmUp(env, { taskQueue: 'timer-test', activities: createActivities(new RecordingSink().deps()) });
});
afterAll(async () => {
  await env?.teardown();
});
beforeEach(async () => {
  sink = new RecordingSink();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'timer-test',
    workflowBundle: await workflowBundle(),
    activities: createActivities(sink.deps()),
  });
  running = worker.run();
});
afterEach(async () => {
  worker.shutdown();
  await running;
});

/** A deadline `days` from the server's virtual now, at 17:30 Beijing time. */
async function dueIn(days: number): Promise<DateTime> {
  const now = DateTime.fromMillis(await env.currentTimeMs(), { zone: ZONE });
  return now.plus({ days }).set({ hour: 17, minute: 30, second: 0, millisecond: 0 });
}

function input(due: DateTime): ObligationTimerInput {
  return {
    obligationId: `jm2024-t15-rect-ts${++seq}`,
    plan: 'jiangmen-2024',
    task: 15,
    unit: '台山市',
    duty: '整治工作完成情况',
    dueAt: due.toISO()!,
  };
}

/**
 * Starts a timer and waits for its result. The first query makes sure the worker has run the first
 * workflow task before time skipping is unlocked by result(): otherwise a cold worker's first task
 * can look "timed out" to a server that skips straight past the task timeout.
 */
async function runToEnd(inp: ObligationTimerInput, workflowId: string) {
  const handle = await env.client.workflow.start(obligationTimer, { args: [inp], taskQueue: 'timer-test', workflowId });
  await handle.query(stateQuery).catch(() => undefined); // a workflow that fails at once cannot be queried
  const result = await handle.result();
  const closedAt = (await handle.describe()).closeTime!.getTime();
  return Object.assign(result, { closedAt });
}

const iso = (dt: DateTime) => dt.toISO({ suppressMilliseconds: true });
const ms = (isoText: string) => DateTime.fromISO(isoText).toMillis();

test('a 30-day wait without a report reminds 7, 3 and 1 days before and closes overdue at the deadline', async () => {
  const due = await dueIn(30);
  const result = await runToEnd(input(due), `timer-overdue-${seq}`);

  expect(result.stage).toBe('overdue');
  expect(result.light).toBe('red');
  expect(result.remindersSent.map((r) => [r.step, r.at])).toEqual([
    ['提醒-7天', iso(due.minus({ days: 7 }))],
    ['提醒-3天', iso(due.minus({ days: 3 }))],
    ['提醒-1天', iso(due.minus({ days: 1 }))],
  ]);
  // Each reminder went out at its virtual instant, not early and not a day late.
  for (const r of result.remindersSent) {
    expect(ms(r.sentAt) - ms(r.at)).toBeGreaterThanOrEqual(0);
    expect(ms(r.sentAt) - ms(r.at)).toBeLessThan(60_000);
  }
  // The workflow closed at the deadline of the virtual clock: 30 days passed.
  expect(result.closedAt - due.toMillis()).toBeGreaterThanOrEqual(0);
  expect(result.closedAt - due.toMillis()).toBeLessThan(60_000);
  expect(sink.steps()).toEqual(['提醒-7天', '提醒-3天', '提醒-1天']);
  expect(new Set(sink.notices.map((n) => n.key)).size).toBe(3);
  expect(sink.notices[0]).toMatchObject({ task: 15, unit: '台山市', dueAt: iso(due) });
});

test('a report submitted 5 days before the deadline stops the remaining reminders', async () => {
  const due = await dueIn(30);
  const handle = await env.client.workflow.start(obligationTimer, {
    args: [input(due)],
    taskQueue: 'timer-test',
    workflowId: `timer-submit-${seq}`,
  });
  await env.sleep('25 days'); // now 5 days before the deadline: only the 7-day reminder is due yet

  const before = await handle.query(stateQuery);
  expect(before.stage).toBe('open');
  expect(before.light).toBe('green');
  expect(before.remindersSent.map((r) => r.step)).toEqual(['提醒-7天']);
  expect(before.remindersPending.map((r) => r.step)).toEqual(['提醒-3天', '提醒-1天']);

  const receipt = await handle.executeUpdate(submitUpdate, { args: [{ by: '台山市司法局 李明', text: '已完成整治，详见附表。' }] });
  expect(receipt.receipt).toBe(`HZ-jm2024-t15-rect-ts${seq}-1`);
  expect(receipt.onTime).toBe(true);

  const result = await handle.result();
  expect(result.stage).toBe('submitted');
  expect(result.light).toBe('green');
  expect(result.submission).toMatchObject({ by: '台山市司法局 李明', receipt: receipt.receipt });
  expect(sink.steps()).toEqual(['提醒-7天']);
});

test('the light turns yellow 3 days before the deadline', async () => {
  const due = await dueIn(10);
  const handle = await env.client.workflow.start(obligationTimer, {
    args: [input(due)],
    taskQueue: 'timer-test',
    workflowId: `timer-light-${seq}`,
  });
  await env.sleep('6 days');
  expect((await handle.query(stateQuery)).light).toBe('green');
  await env.sleep('2 days'); // 2 days before the deadline
  expect((await handle.query(stateQuery)).light).toBe('yellow');
  await handle.terminate('test done');
});

test('an obligation opened 2 days before its deadline skips the stale 7- and 3-day reminders', async () => {
  const due = await dueIn(2);
  const result = await runToEnd(input(due), `timer-late-open-${seq}`);
  expect(result.remindersSent.map((r) => r.step)).toEqual(['提醒-1天']);
  expect(sink.steps()).toEqual(['提醒-1天']);
});

test('the submit validator refuses an empty report and the timer ends with the first report', async () => {
  const due = await dueIn(20);
  const handle = await env.client.workflow.start(obligationTimer, {
    args: [input(due)],
    taskQueue: 'timer-test',
    workflowId: `timer-validator-${seq}`,
  });

  const empty = handle.executeUpdate(submitUpdate, { args: [{ by: '开平市', text: '   ' }] });
  await expect(empty).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(empty).rejects.toMatchObject({ cause: { message: '报告内容不能为空' } });
  expect((await handle.query(stateQuery)).stage).toBe('open');

  const tooLong = handle.executeUpdate(submitUpdate, { args: [{ by: '开平市', text: '报'.repeat(20_001) }] });
  await expect(tooLong).rejects.toMatchObject({ cause: { message: expect.stringContaining('报告内容过长') } });

  await handle.executeUpdate(submitUpdate, { args: [{ by: '开平市', text: '第一次报送' }] });
  const result = await handle.result();
  expect(result.submission?.by).toBe('开平市');
  // The timer closed with the report: a second submission has nothing to land on.
  await expect(handle.executeUpdate(submitUpdate, { args: [{ by: '开平市', text: '第二次报送' }] })).rejects.toThrow();
  expect(sink.notices).toHaveLength(0);
});

test('a deadline that is not a date fails the workflow at once with a clear reason', async () => {
  const bad = { ...input(await dueIn(5)), dueAt: '2024-13-45' };
  await expect(runToEnd(bad, `timer-bad-${seq}`)).rejects.toMatchObject({ cause: { message: expect.stringContaining('dueAt: 不是有效的时间') } });
});
