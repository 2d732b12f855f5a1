// Queued notices on the real dev server: the worker's sender delivers what obligations queue, and tells an
// obligation of a refusal; the obligation records it and reports it to the supervisor. Both notices are handed over
// in the obligation's own workflow tasks (a local activity). The clock is shifted so the
// obligation starts on Friday 2024-10-18 at 10:00: its last reminder is owed at once (the next send time, Monday, is past its Sunday deadline).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflow } from '../../workflows/obligation';
import { obligationState } from '../../workflows/messages';
import { createDubanWorker } from '../../worker/create-worker';
import { defaultActivityDeps } from '../../activities';
import { openStores, Stores } from '../../store/from-env';
import { devServerEnv, workflowBundle } from '../../app/simulation/environment';
import { TestSmtp } from '../helpers/smtp';
import { loadShipped } from '../helpers/plan-files';

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
let env: TestWorkflowEnvironment;
let smtp: TestSmtp;
let stores: Stores;
beforeAll(async () => {
  env = await devServerEnv();
  smtp = new TestSmtp();
  await smtp.start();
});
afterAll(async () => {
  await stores?.close();
  await smtp?.stop();
  await env?.teardown();
});

const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
  for (let i = 0; i < 300; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return read();
};

test('a refused reminder: the sender tells the obligation, which records it and reports it to the supervisor', async () => {
  smtp.reject = /kaiping-contact@/;
  const vars = {
    DUBAN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-queued-')),
    SMTP_URL: smtp.url,
    DUBAN_SMS_PROVIDER: 'none',
    DUBAN_DIGEST_WAIT_MS: '200',
  };
  stores = await openStores(vars);
  const worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: 'queued-e2e',
    deps: await defaultActivityDeps(vars, stores),
    workflowBundle: await workflowBundle(),
  });
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
    const outbox = stores.deliveries().outbox;
    expect(await outbox.row('queued-kaiping/20241020.remind-1')).toMatchObject({ state: 'failed', workflowId: 'queued-kaiping' });
    expect(await outbox.untold(10)).toEqual([]);
    // Both the reminder and the report were handed over in the obligation's own workflow tasks: no notice activity.
    const events = (await handle.fetchHistory()).events!;
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    const localActivities = events.flatMap((e) => {
      const marker = e.markerRecordedEventAttributes;
      if (marker?.markerName !== 'core_local_activity') return [];
      return [JSON.parse(Buffer.from(marker.details!.data!.payloads![0].data!).toString()).activity_type as string];
    });
    expect(localActivities.filter((type) => type === 'queueNotice')).toHaveLength(2);
    await handle.terminate('test done');
  });
}, 120_000);
