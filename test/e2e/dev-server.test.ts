// Against the real Temporal dev server (CLI binary): a client starts a timer, duban's worker runs it
// in real time, and the result and the search attributes are read back.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { SA } from '../../domain/search-attributes';
import { obligationTimer } from '../../workflows/obligation-timer';
import { createDubanWorker } from '../../worker/create-worker';
import { RecordingSink } from '../helpers/recording-sink';
import { devServerEnv, workflowBundle } from '../../client/simulation/environment';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await devServerEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a timer due in 4 seconds reminds 2 seconds before, closes overdue, and is searchable by its attributes', async () => {
  const sink = new RecordingSink();
  const worker = await createDubanWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: 'dev-e2e', deps: sink.deps(), workflowBundle: await workflowBundle() });
  const dueAt = DateTime.now().setZone('Asia/Shanghai').plus({ seconds: 4 }).toISO()!;

  const result = await worker.runUntil(
    env.client.workflow.execute(obligationTimer, {
      args: [{ obligationId: 'dev-t5-pengjiang', plan: 'jiangmen-2024', task: 5, unit: '蓬江区', duty: '中期评估', dueAt, reminders: [{ step: '提醒-2秒', before: 'PT2S' }] }],
      taskQueue: 'dev-e2e',
      workflowId: 'dev-t5-pengjiang',
    }),
  );

  expect(result.stage).toBe('overdue');
  expect(result.remindersSent.map((r) => r.step)).toEqual(['提醒-2秒']);
  expect(sink.notices).toEqual([expect.objectContaining({ key: 'dev-t5-pengjiang/提醒-2秒', unit: '蓬江区', task: 5 })]);

  const described = await env.client.workflow.getHandle('dev-t5-pengjiang').describe();
  expect(described.typedSearchAttributes.get(SA.unit)).toBe('蓬江区');
  expect(described.typedSearchAttributes.get(SA.task)).toBe(5);
  expect(described.typedSearchAttributes.get(SA.stage)).toBe('overdue');
  expect(described.typedSearchAttributes.get(SA.light)).toBe('red');

  let found: string[] = [];
  for (let i = 0; i < 50 && found.length === 0; i++) {
    found = [];
    for await (const wf of env.client.workflow.list({ query: `DubanLight='red' AND DubanPlan='jiangmen-2024'` })) found.push(wf.workflowId);
    if (!found.length) await new Promise((r) => setTimeout(r, 200));
  }
  expect(found).toEqual(['dev-t5-pengjiang']);
});
