// duban's side of the burst, as the worker runs it: the server TEMPORAL_ADDRESS names (npm run cluster's) or a fresh
// dev server (SQLite, its default mode), a real worker with the real channels (mail to the benchmark's SMTP server,
// SMS through the webhook provider to the benchmark's gateway, the production digest window, the delivery log and
// outbox in the data folder) and payloads encrypted with a payload key, as `npm start` runs it. The cast's rounds are
// started first and then its obligations, duban's way (50 in flight), each telling its round; the stores are timed
// (send-timeline.ts) to say where the time goes.
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createDubanWorker } from '../../../worker/create-worker';
import { defaultActivityDeps } from '../../../worker/activity-deps';
import { openStores } from '../../../store/from-env';
import { dataConverterOf, generatePayloadKey, payloadCodecFromEnv } from '../../../config/payload-keys';
import { packRound } from '../../../domain/obligation/packed-round';
import { benchServer } from '../setup/server';
import { inStartWindow } from '../setup/start-window';
import { sparePort } from './ports';
import type { Burst } from './cast';
import type { SmsGateway } from './sms-server';
import { timedStores, SendTimeline } from './send-timeline';

export interface DubanRun {
  client: Client;
  timeline: SendTimeline;
  /** Starts the rounds and then every obligation; resolves once each obligation sleeps (counted by visibility). */
  startAll(burst: Burst, plan: string): Promise<void>;
  /** Notices due and not yet delivered or refused (the outbox's depth): 0 once the worker has sent the burst. */
  depth(): Promise<number>;
  stop(): Promise<void>;
}

export async function startDuban(tmp: string, smtpUrl: string, sms: SmsGateway): Promise<DubanRun> {
  const key = generatePayloadKey();
  const codec = payloadCodecFromEnv({ ...key });
  const server = await benchServer(tmp, { port: await sparePort(), uiPort: await sparePort() }, dataConverterOf(codec));
  const client = server.client;
  const native = await NativeConnection.connect({ address: server.address });
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const env = {
    ...process.env,
    ...key,
    SMTP_URL: smtpUrl,
    DUBAN_DATA_DIR: dataDir,
    DUBAN_DATABASE_URL: '',
    DUBAN_SMS_PROVIDER: 'webhook',
    DUBAN_SMS_WEBHOOK_URL: sms.url,
    DUBAN_SMS_WEBHOOK_SECRET: sms.secret,
  };
  const { stores, timeline } = timedStores(await openStores(env));
  const deps = await defaultActivityDeps(env, stores);
  const taskQueue = `duban-burst-${Date.now().toString(36)}`; // a cluster keeps earlier runs' workflows
  const worker = await createDubanWorker({ connection: native, namespace: 'default', taskQueue, deps, payloadCodec: codec });
  // A worker that stops on its own (its server gone) says why at once: the benchmark's own error may follow later.
  const work = worker.run().catch((err: unknown) => {
    console.error(`[bench] the worker stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  });
  return {
    client,
    timeline,
    async startAll(burst, plan) {
      await inStartWindow(burst.rounds, (r) =>
        client.workflow.start('roundWorkflow', { args: [packRound(r)], taskQueue, workflowId: r.round }),
      );
      await inStartWindow(burst.specs, (s) => client.workflow.start('obligationWorkflowV2', { args: [s], taskQueue, workflowId: s.id }));
      const query = `DubanKind = 'obligation' AND DubanPlan = '${plan}'`;
      while ((await client.workflow.count(query)).count < burst.specs.length) await new Promise((r) => setTimeout(r, 500));
    },
    depth: () => stores.deliveries().outbox.depth(),
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await work;
      await native.close();
      await server.close();
    },
  };
}
