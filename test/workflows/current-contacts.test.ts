// A contact changed in the directory while an obligation runs: its next notice goes to the new person, though the
// chain in the workflow is the one it started with (on the time-skipping server, replaying 2024).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { directoryContacts } from '../../activities/contacts/directory-contacts';
import { timeSkippingEnv, workflowBundle } from '../../simulation/environment';
import { obligationState } from '../../domain/contract/messages';
import { alter, directoryText } from '../helpers/plan-files';
import { RecordingSink } from '../helpers/recording-sink';
import { startShifted } from '../helpers/shifted-obligation';

const TQ = 'current-contacts-test';
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let dir: string;
const sink = new RecordingSink();
const warnings: string[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-contacts-'));
  fs.writeFileSync(path.join(dir, 'directory.yaml'), directoryText);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TQ,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      ...sink.deps(),
      temporal: () => env.client,
      contacts: directoryContacts(path.join(dir, 'directory.yaml'), (w) => warnings.push(w)),
    }),
  });
  running = worker.run();
}, 300_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the next notice goes to the contact saved in the directory; a broken directory leaves the last good one', async () => {
  const { handle, until } = await startShifted(env, TQ, 'jiangmen-2024.t17.cleanup.gaj', '2024-09-01T00:00', 'contacts');
  await until('2024-10-08T00:00');
  expect(sink.ladder.map((n) => `${n.stepKey} ${n.to[0].name} <${n.to[0].email}>`)).toEqual([
    'remind-7 市公安局联络员 <gaj-contact@example.org>',
  ]);

  // The office saves a new contact for 市公安局 (as the board's 通讯录 page or `duban directory import` does).
  fs.writeFileSync(
    path.join(dir, 'directory.yaml'),
    alter(
      directoryText,
      'contact: { name: 市公安局联络员, email: gaj-contact@example.org',
      'contact: { name: 市公安局新联络员, email: gaj-new@example.org',
    ),
  );
  await until('2024-10-12T12:00');
  // A directory saved broken is not used: the last good one is.
  fs.writeFileSync(path.join(dir, 'directory.yaml'), 'units: [');
  await until('2024-10-17T00:00');
  expect(sink.ladder.map((n) => `${n.stepKey} ${n.to[0].name} <${n.to[0].email}>`)).toEqual([
    'remind-7 市公安局联络员 <gaj-contact@example.org>',
    'remind-3 市公安局新联络员 <gaj-new@example.org>',
    'remind-1 市公安局新联络员 <gaj-new@example.org>',
    'urge-1 市公安局分管领导 <gaj-leader@example.org>',
  ]);
  // The 催办 copies the unit's contact as it is now.
  expect(sink.ladder.at(-1)!.cc.map((c) => c.email)).toEqual(['gaj-new@example.org']);
  expect(warnings.join('\n')).toContain('未通过校验，通知仍按原联系人发送');
  // The workflow's own chain is unchanged: nothing in its history was rewritten.
  expect((await handle.query(obligationState)).stage).toBe('overdue');
  await handle.terminate('测试结束');
});
