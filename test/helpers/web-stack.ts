// A whole duban stack in one test process: the real dev server, a real SMTP server, the worker with real
// mail and signed links, and the portal/board on a free port, running a small plan whose one deadline is
// today (so the plan starts inside the reminder window and, its next send time being past the deadline, the
// first reminder goes out at once).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createDubanWorker } from '../../worker/create-worker';
import { defaultActivityDeps } from '../../worker/activity-deps';
import { LocalReportStore } from '../../store/local/report-store';
import type { ReportStore } from '../../store/report-store';
import { devServerEnv, workflowBundle } from '../../simulation/environment';
import { loadPlanFromDisk } from '../../client/plan-files';
import { planRunSpec } from '../../domain/obligation/spec';
import { obligationView, type ObligationView } from '../../client/operations';
import { runningPlans, startPlanRun } from '../../client/plan-runs';
import type { Client } from '@temporalio/client';
import { createWebServer } from '../../web/server';
import { openStores } from '../../store/from-env';
import { saveBoardUser, watchedBoardUsers } from '../../config/board-users';
import { FileLinkVersions } from '../../store/local/link-versions';
import { TestSmtp } from './smtp';
import { pollUntil } from './poll';
import { dueToday } from './due-today';
import { FIXTURE_DIRECTORY, oneTaskPlan } from './one-task-plan';
import { terminateRunning } from './terminate';

export const SUPERVISOR = { username: 'zhang', name: '张督查', password: 'correct horse battery' };
export const LINK_SECRET = 'test-link-secret-0123456789abcdef';

export interface WebStack {
  env: TestWorkflowEnvironment;
  smtp: TestSmtp;
  web: FastifyInstance;
  url: string;
  plan: string;
  due: string;
  dataDir: string;
  reports: ReportStore;
  /** The board's accounts file (watched: changes apply at once). */
  usersFile: string;
  stop(): Promise<void>;
}

/**
 * `figures`: the plan's task carries a target, so each report must give a figure (清理案件数). `secondTask`: a
 * second task with a duty due the same day (with a target of its own), so each unit owes two reports.
 */
export async function startWebStack(
  taskQueue: string,
  opts: { figures?: boolean; secondTask?: boolean; mailOutage?: boolean } = {},
): Promise<WebStack> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-web-'));
  const env = await devServerEnv();
  const smtp = new TestSmtp();
  await smtp.start();
  smtp.outage = opts.mailOutage ?? false; // the first notices wait in the outbox until the test ends the outage
  const stores = await openStores({ DUBAN_DATA_DIR: dataDir }); // the worker's outbox, as the board reads it
  const reports = new LocalReportStore(path.join(dataDir, 'reports'));
  const usersFile = path.join(dataDir, 'board-users.yaml');
  saveBoardUser(usersFile, SUPERVISOR);
  const web = await createWebServer({
    client: env.client,
    linkSecret: LINK_SECRET,
    linkVersions: new FileLinkVersions(path.join(dataDir, 'unit-links.json')), // where the worker below reads them too
    sessionSecret: 'test-session-secret-0123456789abcdef',
    users: watchedBoardUsers(usersFile),
    usersFile,
    reports,
    taskQueue,
    queuedNotice: (key) => stores.deliveries().outbox.row(key),
  });
  await web.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(web.server.address() as AddressInfo).port}`;

  const deps = await defaultActivityDeps({
    SMTP_URL: smtp.url,
    DUBAN_DATA_DIR: dataDir,
    DUBAN_PORTAL_URL: url,
    DUBAN_LINK_SECRET: LINK_SECRET,
    DUBAN_DIGEST_WAIT_MS: '200',
    DUBAN_SMS_PROVIDER: 'none',
    DUBAN_NOTICE_RETRY_MS: '1000',
  });
  const worker: Worker = await createDubanWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();

  // Due tonight (end of day, Beijing): inside the reminder window, and yellow already.
  const due = dueToday();
  const planFile = path.join(dataDir, 'plan.yaml');
  fs.writeFileSync(planFile, webPlan(due, opts.figures, opts.secondTask));
  const loaded = loadPlanFromDisk(planFile, { directory: FIXTURE_DIRECTORY });
  const spec = planRunSpec(loaded);
  await startPlanRun(env.client, loaded, { taskQueue });
  await waitForPlanListed(env.client, spec.plan);

  return {
    env,
    smtp,
    web,
    url,
    plan: spec.plan,
    due: due.toISODate()!,
    dataDir,
    reports,
    usersFile,
    async stop() {
      await terminateRunning(env.client, `DubanPlan = '${spec.plan}'`);
      worker.shutdown();
      await running;
      await web.close();
      await stores.close();
      await smtp.stop();
      await env.teardown();
    },
  };
}

function webPlan(due: DateTime, figures = false, secondTask = false): string {
  const targets = '    targets:\n      - { id: cases, label: 清理案件数, value: 10, unit: 件, reportIn: cleanup }\n';
  const training = `  - no: 2
    group: 一
    title: 培训工作
    text: 培训工作。
    responsible: [甲局, 乙局]
    duties:
      - { id: training, what: 培训情况, from: task, to: [司法局], due: ${due.toISODate()} }
    targets:
      - { id: hours, label: 培训学时, value: 60, unit: 学时, reportIn: training }
`;
  return oneTaskPlan('web', '门户测试方案', due, `${figures ? targets : ''}${secondTask ? training : ''}`);
}

/** Waits until visibility lists the plan as running: the portal finds running plans there, a moment after its first task. */
export async function waitForPlanListed(client: Client, plan: string): Promise<void> {
  await pollUntil(`plan ${plan} listed by visibility`, async () => (await runningPlans(client)).includes(plan), 30_000);
}

/** Waits until the duty's workflow answers (the plan starts its duties a moment after it starts); its view. */
export function waitForDuty(stack: WebStack, id: string, timeoutMs = 10_000): Promise<ObligationView> {
  return pollUntil(`duty ${id} started`, () => obligationView(stack.env.client, id), timeoutMs);
}

/** Waits until `pick` finds something in the messages received so far. */
export async function waitForMail<T>(
  smtp: TestSmtp,
  pick: (m: TestSmtp['messages'][number]) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const m of smtp.messages) {
      const found = pick(m);
      if (found !== undefined) return found;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no matching mail among ${smtp.messages.length}: ${smtp.messages.map((m) => m.subject).join(' | ')}`);
}
