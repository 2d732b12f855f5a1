// A local service the start command runs as a child process (Temporal dev server, mail catcher): started on
// a tether (worker/supervision/tether.ts) so it stops when the start command dies, in its own process group, awaited
// until it answers, stopped with SIGTERM (SIGKILL after a grace period).
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import type { ProcessRecord } from '../worker/supervision/process-identity';

export interface ChildService {
  process: ChildProcess;
  /** The tether and the program it runs, as the pid file records them. */
  records: ProcessRecord[];
  stop(): Promise<void>;
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const TETHER = path.join(PROJECT_ROOT, 'worker', 'supervision', 'tether.ts');

/**
 * Starts `cmd args` and resolves once `ready()` returns true. Its own process group: Ctrl-C reaches the start
 * command, which stops the worker first and then its services, in order.
 */
export async function startChildService(
  name: string,
  cmd: string,
  args: string[],
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', TETHER, cmd, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    detached: true,
  });
  const records: ProcessRecord[] = [
    { name: `${name}（看护进程）`, pid: child.pid!, startedAt: Date.now(), match: 'supervision/tether.ts' },
  ];
  child.on('message', (m: { duban?: string; pid?: number; startedAt?: number }) => {
    if (m?.duban === 'child' && m.pid) records.push({ name, pid: m.pid, startedAt: m.startedAt ?? Date.now(), match: path.basename(cmd) });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 250, 'waiting'))]);
    if (early !== 'waiting') throw new Error(`${name}启动失败（退出码 ${early}）`);
    if (records.length > 1 && (await ready().catch(() => false))) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM'); // the tether stops the program too
      throw new Error(`${name}在 ${timeoutMs / 1000} 秒内未就绪`);
    }
  }
  return {
    process: child,
    records,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
