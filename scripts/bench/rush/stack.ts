// The stack the rush runs against, started by the benchmark itself: the start command (scripts/start.ts, as
// `npm start`, or as `npm run cluster` with `cluster`) with DUBAN_WEB_PROCESSES=2 on a data folder and ports of its
// own, mail to the benchmark's SMTP server, SMS to the data folder's file (the default provider), payloads encrypted
// with a key the benchmark made (so its client reads them), no plan of its own. Stopped with SIGTERM, as Ctrl-C would.
import { spawn, ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { PROJECT_ROOT } from '../../../config/paths';
import { dataConverterOf, generatePayloadKey, payloadCodecFromEnv } from '../../../config/payload-keys';

export interface RushStack {
  webUrls: string[];
  client: Client;
  linkSecret: string;
  output(): string;
  stop(): Promise<void>;
}

/** Ports far from the defaults, so that a developer's own `npm start` keeps running beside the benchmark. */
const PORTS = { temporal: 27733, ui: 27740, web: 27780, metrics: 27764, clusterMetrics: 27791, postgres: 27732 };

export async function startRushStack(o: { dataDir: string; smtpUrl: string; directory: string; cluster: boolean }): Promise<RushStack> {
  const linkSecret = `bench-link-${Date.now().toString(36)}-0123456789abcdef`;
  const key = generatePayloadKey();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DUBAN_DATA_DIR: o.dataDir,
    DUBAN_TEMPORAL_PORT: String(PORTS.temporal),
    DUBAN_UI_PORT: String(PORTS.ui),
    DUBAN_WEB_PORT: String(PORTS.web),
    DUBAN_METRICS_ADDRESS: `127.0.0.1:${PORTS.metrics}`,
    DUBAN_CLUSTER_METRICS_PORT: String(PORTS.clusterMetrics),
    DUBAN_POSTGRES_PORT: String(PORTS.postgres),
    DUBAN_WEB_PROCESSES: '2',
    DUBAN_PLAN: 'none',
    DUBAN_DIRECTORY: o.directory,
    DUBAN_PORTAL_URL: `http://127.0.0.1:${PORTS.web}`,
    SMTP_URL: o.smtpUrl,
    TEMPORAL_ADDRESS: '',
    DUBAN_DATABASE_URL: '',
    DUBAN_SMS_PROVIDER: 'file',
    DUBAN_PAYLOAD_ENCRYPTION: '',
    DUBAN_LINK_SECRET: linkSecret,
    DUBAN_SESSION_SECRET: `bench-session-${Date.now().toString(36)}-0123456789abcdef`,
    DUBAN_BOARD_USERS: '',
    ...key,
  };
  const args = ['--import', 'tsx', 'scripts/start.ts', ...(o.cluster ? ['--cluster'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const end = Date.now() + (o.cluster ? 600_000 : 180_000);
    while (!out.includes('已就绪')) {
      if (child.exitCode !== null) throw new Error(`the stack exited before it was ready:\n${out}`);
      if (Date.now() > end) throw new Error(`the stack was not ready in time:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const connection = await Connection.connect({ address: `127.0.0.1:${PORTS.temporal}` });
    const client = new Client({ connection, dataConverter: dataConverterOf(payloadCodecFromEnv({ ...key })) });
    return {
      webUrls: [0, 1].map((i) => `http://127.0.0.1:${PORTS.web + i}`),
      client,
      linkSecret,
      output: () => out,
      async stop() {
        await connection.close();
        await stop();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
