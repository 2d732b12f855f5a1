// duban's own processes under the start command: N portal-and-board (web) processes and M workers
// (DUBAN_WEB_PROCESSES, DUBAN_WORKERS, default 1 each), every one a supervised child restarted when it dies.
// Web i listens on DUBAN_WEB_PORT + i, worker j serves its metrics on the port of DUBAN_METRICS_ADDRESS + j:
// they hold nothing of their own (state is in Temporal and the store), so any of them can be lost or added.
import { PROJECT_ROOT } from '../config/paths';
import { PidFile } from '../worker/supervision/pid-file';
import { SupervisedProcess } from '../worker/supervision/supervised-process';
import { workerProcessEnv } from '../worker/process-env';
import { portInUse } from './child-service';

/** The most of each kind one start command runs (each is a Node process of its own). */
const MOST = 16;

/** A count from the environment: 1 when unset; a Chinese error for anything but 1…16. */
export function processCount(name: 'DUBAN_WEB_PROCESSES' | 'DUBAN_WORKERS', env: NodeJS.ProcessEnv = process.env): number {
  const raw = (env[name] ?? '').trim();
  if (!raw) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MOST) throw new Error(`${name} 应为 1 到 ${MOST} 之间的整数，而不是 ${raw}`);
  return n;
}

/** What the console and the pid file call process `i` of `count` (the single one keeps its plain name). */
export const webName = (i: number, count: number) => (count === 1 ? '报送平台与督查看板' : `报送平台与督查看板（网页进程 ${i + 1}）`);
export const workerName = (i: number, count: number) => (count === 1 ? '工作进程（worker）' : `工作进程（worker ${i + 1}）`);
/** The pid file's port key of process `i`: web, web2, web3… */
const portKey = (kind: string, i: number) => (i === 0 ? kind : `${kind}${i + 1}`);

export interface AppProcess {
  name: string;
  process: SupervisedProcess;
  /** A web process's port. */
  port?: number;
  /** A worker's Prometheus endpoint (none when metrics are off). */
  metricsUrl?: string;
}

export interface AppProcessOptions {
  pidFile: PidFile;
  /** Ports a killed earlier start still held: their process is retried until they are free. */
  stillHeld: number[];
  say: (line: string) => void;
}

/** A node program of this project, run as a restarted child process with this process's environment and `env`. */
function supervise(name: string, script: string, env: NodeJS.ProcessEnv, o: AppProcessOptions): SupervisedProcess {
  return new SupervisedProcess({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', script],
    cwd: PROJECT_ROOT,
    env: workerProcessEnv({ ...process.env, ...env }),
    say: o.say,
    onSpawn: (pid, startedAt) => o.pidFile.setChild({ name, pid, startedAt, match: script }),
    // A try that fails (a port a killed start still held) is retried like a process that dies.
    retryStart: true,
  });
}

/** A port `name` needs: free, or held by the killed start before this one (then `name` waits for it). */
async function claimPort(port: number, key: string, name: string, o: AppProcessOptions, busy: string): Promise<void> {
  if (o.stillHeld.includes(port)) o.say(`端口 ${port} 仍被上次的 npm start 占用，${name}将在其释放后启动`);
  else if (await portInUse(port)) throw new Error(`端口 ${port} 已被占用：${busy}`);
  o.pidFile.addPorts({ [key]: port });
}

/** The web processes on `basePort`, `basePort + 1`… (their ports claimed, not started yet). */
export async function webProcesses(basePort: number, count: number, o: AppProcessOptions): Promise<AppProcess[]> {
  const webs: AppProcess[] = [];
  for (let i = 0; i < count; i++) {
    const port = basePort + i;
    const name = webName(i, count);
    await claimPort(port, portKey('web', i), name, o, '请设置 DUBAN_WEB_PORT 换用其他端口');
    webs.push({ name, port, process: supervise(name, 'web/main.ts', { DUBAN_WEB_PORT: String(port) }, o) });
  }
  return webs;
}

/**
 * The workers; worker j's Prometheus endpoint is DUBAN_METRICS_ADDRESS's port + j (default 127.0.0.1:9464, "off"
 * for none). Their ports claimed, not started yet.
 */
export async function workerProcesses(count: number, o: AppProcessOptions): Promise<AppProcess[]> {
  const bind = (process.env.DUBAN_METRICS_ADDRESS ||= '127.0.0.1:9464');
  if (bind !== 'off' && !/^[\w.-]+:\d{1,5}$/.test(bind))
    throw new Error(`DUBAN_METRICS_ADDRESS 应为 主机:端口（例如 127.0.0.1:9464），而不是 ${bind}`);
  const host = bind.slice(0, bind.lastIndexOf(':'));
  const basePort = Number(bind.split(':').pop());
  const workers: AppProcess[] = [];
  for (let j = 0; j < count; j++) {
    const name = workerName(j, count);
    let address = 'off';
    if (bind !== 'off') {
      address = `${host}:${basePort + j}`;
      await claimPort(
        basePort + j,
        portKey('metrics', j),
        name,
        o,
        '请设置 DUBAN_METRICS_ADDRESS（例如 127.0.0.1:9465，或 off 关闭运行指标）',
      );
    }
    workers.push({
      name,
      metricsUrl: bind === 'off' ? undefined : `http://${address}/metrics`,
      process: supervise(name, 'worker/main.ts', { DUBAN_METRICS_ADDRESS: address }, o),
    });
  }
  return workers;
}

/** Starts them all at once; resolves once every one is ready (serves, or has connected). */
export async function startAll(processes: AppProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.process.start()));
}

/** Stops them all at once (each SIGTERM, SIGKILL after its grace period). */
export async function stopAll(processes: AppProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.process.stop()));
}
