// Queued notices on the real dev server: the worker's sender delivers what obligations queue, and tells an
// obligation of a refusal; the obligation records it and reports it to the supervisor. Notices are handed over in
// the obligation's own workflow tasks (a local activity): a notice owed at once is queued then; a later one is
// scheduled for its instant as soon as it is known, and withdrawn if the obligation changes before it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { cancelObligation, obligationState } from '../../domain/contract/messages';
import { initialState, nextWakeup } from '../../domain/obligation/lifecycle';
import { isoAt } from '../../domain/calendar/time';
import { createDubanWorker } from '../../worker/create-worker';
import { defaultActivityDeps } from '../../worker/activity-deps';
import { openStores, Stores } from '../../store/from-env';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { TestSmtp } from '../helpers/smtp';
import { SENDER_FIRST_MS } from '../../domain/obligation/notice';
import { loadShipped } from '../helpers/plan-files';

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
let env: TestWorkflowEnvironment;
let smtp: TestSmtp;
const opened: Stores[] = [];
beforeAll(async () => {
  env = await devServerEnv();
  smtp = new TestSmtp();
  await smtp.start();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await smtp?.stop();
  await env?.teardown();
});

/** A worker with the real mail channel, digests and sender, on its own data folder and task queue. */
async function realWorker(taskQueue: string) {
  const vars = {
    DUBAN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-queued-')),
    SMTP_URL: smtp.url,
    DUBAN_SMS_PROVIDER: 'none',
    DUBAN_DIGEST_WAIT_MS: '200',
  };
  const stores = await openStores(vars);
  opened.push(stores);
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: await defaultActivityDeps(vars, stores),
    workflowBundle: await workflowBundle(),
  });
  return { worker, outbox: stores.deliveries().outbox };
}

/** The local activities an obligation ran, by type, in order. */
async function localActivities(handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }): Promise<string[]> {
  const events = ((await handle.fetchHistory()).events ?? []) as {
    markerRecordedEventAttributes?: {
      markerName?: string | null;
      details?: Record<string, { payloads?: { data?: Uint8Array | null }[] | null }> | null;
    };
  }[];
  return events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    return [JSON.parse(Buffer.from(marker.details!.data!.payloads![0].data!).toString()).activity_type as string];
  });
}

const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, withinMs = 30_000): Promise<T> => {
  for (let i = 0; i < withinMs / 100; i++) {
    try {
      const v = await read();
      if (ok(v)) return v;
    } catch {
      // a query before the workflow's first task is done: asked again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
};

test('a refused reminder: the sender tells the obligation, which records it and reports it to the supervisor', async () => {
  smtp.reject = /kaiping-contact@/;
  const { worker, outbox } = await realWorker('queued-e2e');
  const planned = specs.get('jiangmen-2024.t15.rectify.kaiping')!;
  const { acknowledgeWithin: _rule, ...ladderConfig } = planned.ladderConfig;
  const startAt = DateTime.fromISO('2024-10-18T10:00', { zone: 'Asia/Shanghai' }).toMillis();
  const spec: ObligationSpec = { ...planned, ladderConfig, notify: [], clockShiftMs: Date.now() - startAt };

  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(obligationWorkflow, {
      args: [spec],
      taskQueue: 'queued-e2e',
      workflowId: 'queued-kaiping',
    });
    const s = await waitFor(
      () => handle.query(obligationState),
      (st) => st.timeline.some((e) => e.kind === 'undeliverable-reported'),
    );
    expect(s.timeline.map((e) => e.kind)).toEqual(['opened', 'reminder', 'undeliverable', 'undeliverable-reported']);
    expect(s.timeline[2]).toMatchObject({ to: ['kaiping-contact@example.org'] });
    expect(s.timeline[2].note).toContain('邮件被拒收');
    await waitFor(
      async () => smtp.messages.length,
      (n) => n >= 1,
    );
    expect(smtp.messages.map((m) => m.subject)).toEqual(['【投递失败】任务15 涉企乱罚款专项整治完成情况（开平市，2024年10月20日截止）']);
    expect(await outbox.row('queued-kaiping/20241020.remind-1')).toMatchObject({ state: 'failed', workflowId: 'queued-kaiping' });
    expect(await outbox.untold(10)).toEqual([]);
    // Both the reminder and the report were handed over in the obligation's own workflow tasks: no notice activity.
    const events = (await handle.fetchHistory()).events!;
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    expect((await localActivities(handle)).filter((type) => type === 'queueNotice')).toHaveLength(2);
    await handle.terminate('test done');
  });
}, 120_000);

test('a reminder is scheduled as soon as it is known and goes out at its instant; one overtaken by a change is withdrawn', async () => {
  smtp.reject = undefined;
  const earlier = smtp.messages.length; // the first test's
  const { worker, outbox } = await realWorker('scheduled-e2e');
  const rule = (id: string) => {
    const { acknowledgeWithin: _rule, ...ladderConfig } = specs.get(id)!.ladderConfig;
    return { ...specs.get(id)!, ladderConfig, notify: [] };
  };
  const [gaj, mzj] = [rule('jiangmen-2024.t14.may.gaj'), rule('jiangmen-2024.t14.may.mzj')];
  // The first reminder of the May round, and a start 20 s before it (in the obligations' shifted clock).
  let t = DateTime.fromISO('2024-05-06T10:00', { zone: 'Asia/Shanghai' }).toMillis();
  let next = nextWakeup(initialState(gaj, t), gaj, t)!;
  while (next.kind !== 'step') next = nextWakeup(initialState(gaj, (t = next.atMs + 1)), gaj, t)!;
  const shift = Date.now() - (next.atMs - 20_000);
  const instant = next.atMs + shift; // in real time

  await worker.runUntil(async () => {
    const [a, b] = await Promise.all(
      [gaj, mzj].map((spec) =>
        env.client.workflow.start(obligationWorkflow, {
          args: [{ ...spec, clockShiftMs: shift }],
          taskQueue: 'scheduled-e2e',
          workflowId: `scheduled-${spec.unitCode}`,
        }),
      ),
    );
    const keyOf = (unitCode: string) => `scheduled-${unitCode}/${next.kind === 'step' ? next.key : ''}`;
    // Both reminders wait in the outbox, each queued in its obligation's first task, before their instant.
    await waitFor(
      async () => Promise.all([gaj, mzj].map((s) => outbox.row(keyOf(s.unitCode)))),
      (rows) => rows.every((r) => r?.state === 'pending'),
    );
    expect(Date.now()).toBeLessThan(instant);
    expect(smtp.messages).toHaveLength(earlier);
    await b.executeUpdate(cancelObligation, { args: [{ by: '市司法局', reason: '任务调整' }] });
    await waitFor(
      () => outbox.row(keyOf(mzj.unitCode)),
      (r) => r === undefined,
    );

    const mails = await waitFor(
      async () => smtp.messages.length - earlier,
      (n) => n >= 1,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(instant);
    expect(mails).toBe(1);
    expect(smtp.inbox(gaj.chain[0].person.email!)).toHaveLength(1);
    // The SMTP server holds the mail a moment before the dispatcher marks its row sent.
    const row = await waitFor(
      () => outbox.row(keyOf(gaj.unitCode)),
      (r) => r?.state === 'sent',
    );
    expect(row).toMatchObject({ state: 'sent' });
    // The sender goes first: the obligation records its step once the burst's mails have had their head start,
    // under the instant the step was due.
    expect((await a.query(obligationState)).timeline.some((e) => e.kind === 'reminder')).toBe(false);
    const s = await waitFor(
      () => a.query(obligationState),
      (st) => st.timeline.some((e) => e.kind === 'reminder'),
      SENDER_FIRST_MS + 30_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(instant + SENDER_FIRST_MS);
    expect(s.timeline.find((e) => e.kind === 'reminder')?.at).toBe(isoAt(next.atMs));
    expect(await localActivities(a)).toEqual(['scheduleNotice']);
    expect((await localActivities(b)).slice(0, 2)).toEqual(['scheduleNotice', 'withdrawNotice']);
    await a.terminate('test done');
  });
}, 200_000);
