// A local service the start command runs as a child process (Temporal dev server, mail catcher): started in
// its own process group, awaited until it answers, stopped with SIGTERM (SIGKILL after a grace period).
import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

export interface ChildService {
  process: ChildProcess;
  stop(): Promise<void>;
}

export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `cmd args` and resolves once `ready()` returns true. Its own process group: Ctrl-C reaches the start
 * command, which stops the worker first and then its services, in order.
 */
export async function startChildService(name: string, cmd: string, args: string[], ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<ChildService> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 250, 'waiting'))]);
    if (early !== 'waiting') throw new Error(`${name}启动失败（退出码 ${early}）`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name}在 ${timeoutMs / 1000} 秒内未就绪`);
    }
  }
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
