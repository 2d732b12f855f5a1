// Worker processes as `npm run worker` runs them (payloads encrypted with the given key, the embedded store in a
// folder of their own, no mail configured), on one task queue, with their resident memory sampled from /proc.
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface WorkerProcesses {
  /** Each worker's resident memory now and its peak since the start, in MiB. */
  memory(): { pid: number; nowMiB: number; peakMiB: number }[];
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '../../..');

const rssMiB = (pid: number): number => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

export async function startWorkerProcesses(
  n: number,
  o: { address: string; taskQueue: string; dataDir: string; env: Record<string, string> },
): Promise<WorkerProcesses> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...o.env,
        MALLOC_ARENA_MAX: '2',
        TEMPORAL_ADDRESS: o.address,
        DUBAN_TASK_QUEUE: o.taskQueue,
        DUBAN_DATA_DIR: path.join(o.dataDir, `worker-${i + 1}`),
        DUBAN_DATABASE_URL: '',
        SMTP_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 120_000;
    while (!out.includes('[worker] 已连接')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker ${i + 1} did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const peaks = children.map(() => 0);
  const sample = () => children.forEach((c, i) => (peaks[i] = Math.max(peaks[i], rssMiB(c.pid!))));
  const timer = setInterval(sample, 1000);
  return {
    memory() {
      sample();
      return children.map((c, i) => ({ pid: c.pid!, nowMiB: rssMiB(c.pid!), peakMiB: peaks[i] }));
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
