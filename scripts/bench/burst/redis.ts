// A private redis-server (Debian's package) on a spare port in a temporary folder, nothing persisted; no
// system service is involved. Stopped by the benchmark when it is done.
import { spawn, ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sparePort } from './ports';

export interface Redis {
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(dir: string, bin = process.env.BENCH_REDIS_SERVER || 'redis-server'): Promise<Redis> {
  const port = await sparePort();
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (e) => console.error(`redis-server 无法启动（apt-get install redis-server）：${e.message}`));
  for (let i = 0; ; i++) {
    if (await answers(port)) break;
    if (i > 100 || child.exitCode !== null) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
