// duban's side of the burst: the server TEMPORAL_ADDRESS names (npm run cluster's) or a fresh dev server (SQLite),
// a real worker with the real channels (mail to the benchmark's SMTP server, SQLite delivery log and outbox, the
// production digest window; no SMS, as the peers send none), every obligation started before the burst instant;
// each notice's activity start and end are recorded for the stage timings.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDubanWorker } from '../../../worker/create-worker';
import { defaultActivityDeps } from '../../../worker/activity-deps';
import type { NoticeSink } from '../../../activities/notices';
import { obligationWorkflowV2 } from '../../../workflows/obligation';
import type { ObligationSpec } from '../../../domain/obligation/spec';
import { benchServer } from '../setup/server';
import { sparePort } from './ports';

const BATCH = 50;

export interface DubanRun {
  client: Client;
  /** Starts every obligation; resolves once each sleeps on its timer (counted by the visibility store). */
  startAll(specs: ObligationSpec[], plan: string): Promise<void>;
  /** Real instants (ms) each notice's activity began and ended delivering, with the notice's key. */
  activityStarts: number[];
  activityEnds: number[];
  lastStarted: { key: string; at: number }[];
  stop(): Promise<void>;
}

export async function startDuban(tmp: string, smtpUrl: string): Promise<DubanRun> {
  const server = await benchServer(tmp, { port: await sparePort(), uiPort: await sparePort() });
  const client = server.client;
  const native = await NativeConnection.connect({ address: server.address });
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const env = { ...process.env, SMTP_URL: smtpUrl, DUBAN_DATA_DIR: dataDir, DUBAN_DATABASE_URL: '', DUBAN_SMS_PROVIDER: 'none' };
  const deps = await defaultActivityDeps(env);
  const activityStarts: number[] = [];
  const activityEnds: number[] = [];
  const lastStarted: { key: string; at: number }[] = [];
  const sink = deps.notices;
  const begun = (key: string) => {
    activityStarts.push(Date.now());
    lastStarted.push({ key, at: Date.now() });
    if (lastStarted.length > 5) lastStarted.shift();
  };
  // Queued notices are timed from their hand-over (activity or local activity) until queued; the sender sends them.
  const timed: NoticeSink = {
    ...(sink.route ? { route: (n) => sink.route!(n) } : {}),
    ...(sink.queue
      ? {
          async queue(n, workflowId) {
            begun(n.key);
            const handover = await sink.queue!(n, workflowId);
            activityEnds.push(Date.now());
            return handover;
          },
        }
      : {}),
    // Scheduled notices are handed over before the instant (their times are negative), and sent at it.
    ...(sink.schedule
      ? {
          async schedule(n, workflowId, atMs) {
            begun(n.key);
            await sink.schedule!(n, workflowId, atMs);
            activityEnds.push(Date.now());
          },
        }
      : {}),
    ...(sink.withdraw ? { withdraw: (key) => sink.withdraw!(key) } : {}),
    async deliverNotice(n) {
      begun(n.key);
      await sink.deliverNotice(n);
      activityEnds.push(Date.now());
    },
    deliverCompilation: (c) => sink.deliverCompilation(c),
    deliverAnnualSummary: (a) => sink.deliverAnnualSummary(a),
  };
  const taskQueue = `duban-burst-${Date.now().toString(36)}`; // a cluster keeps earlier runs' workflows
  const worker = await createDubanWorker({ connection: native, namespace: 'default', taskQueue, deps: { ...deps, notices: timed } });
  const work = worker.run();
  return {
    client,
    activityStarts,
    activityEnds,
    lastStarted,
    async startAll(specs, plan) {
      for (let i = 0; i < specs.length; i += BATCH)
        await Promise.all(
          specs.slice(i, i + BATCH).map((s) => client.workflow.start(obligationWorkflowV2, { args: [s], taskQueue, workflowId: s.id })),
        );
      const query = `DubanKind = 'obligation' AND DubanPlan = '${plan}'`;
      while ((await client.workflow.count(query)).count < specs.length) await new Promise((r) => setTimeout(r, 500));
    },
    async stop() {
      worker.shutdown();
      await work;
      await native.close();
      await server.close();
    },
  };
}
