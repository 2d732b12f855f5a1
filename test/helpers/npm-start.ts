// `npm start` in end-to-end tests: its environment on the test's own data folder and ports, with none of the
// developer's own settings let in; starting it and waiting until it says it is ready; and, after the test,
// stopping whatever it left running.
import { PidFile } from '../../worker/supervision/pid-file';
import { stillRunning } from '../../worker/supervision/process-identity';
import { launch, Launched, processesMatching, waitForOutput } from './processes';

/** Settings that would point the stack elsewhere (an outside Temporal or mail server) or fix its secrets and accounts. */
const NOT_INHERITED = ['TEMPORAL_ADDRESS', 'SMTP_URL', 'DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET', 'DUBAN_BOARD_USERS'];

export interface StartPorts {
  temporal: number;
  ui: number;
  metrics: number;
  web: number;
  /** MailDev's ports; left out when the test brings its own mail server (SMTP_URL in `more`). */
  mailSmtp?: number;
  mailWeb?: number;
}

/** The environment of an `npm start` that runs no plan (unless `more` names one); `more` is applied last. */
export function startEnv(dataDir: string, ports: StartPorts, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    DUBAN_DATA_DIR: dataDir,
    DUBAN_TEMPORAL_PORT: String(ports.temporal),
    DUBAN_UI_PORT: String(ports.ui),
    DUBAN_METRICS_ADDRESS: `127.0.0.1:${ports.metrics}`,
    DUBAN_WEB_PORT: String(ports.web),
    ...(ports.mailSmtp ? { DUBAN_MAIL_SMTP_PORT: String(ports.mailSmtp) } : {}),
    ...(ports.mailWeb ? { DUBAN_MAIL_WEB_PORT: String(ports.mailWeb) } : {}),
    DUBAN_PLAN: 'none',
    ...Object.fromEntries(NOT_INHERITED.map((name) => [name, ''])),
    ...more,
  };
}

/**
 * Runs `npm start` and waits for `ready` in its output. The launch is added to `launched` first, so that
 * stopLeftovers stops it even when it never gets ready.
 */
export async function startUntilReady(
  env: NodeJS.ProcessEnv,
  launched: Launched[],
  ready = '已就绪',
  timeoutMs = 180_000,
): Promise<Launched> {
  const stack = launch('npm', ['start'], env);
  launched.push(stack);
  await waitForOutput(stack, ready, timeoutMs);
  return stack;
}

/** Kills what the test's stacks left: their process groups, any process naming the data folder, the children its pid file names. */
export async function stopLeftovers(dataDir: string, launched: Launched[]): Promise<void> {
  const kill = (pid: number) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  for (const l of launched) kill(-l.child.pid!); // npm may have exited before the rest of its group
  for (const pid of await processesMatching(dataDir)) kill(Number(pid));
  for (const c of new PidFile(dataDir).read()?.children ?? []) if (await stillRunning(c)) kill(c.pid);
}
