// The start command's pid file in the data folder: who runs there (the supervisor and every process it
// started, with their start times) and on which ports. A start that finds the file of a supervisor that
// died (kill -9, power cut) stops what it left behind instead of failing on a port still held.
import fs from 'node:fs';
import path from 'node:path';
import { ProcessRecord, stillRunning } from './process-identity';
import { writeFileDurably } from '../../store/local/durable-file';

export interface PidFileContent {
  supervisor: ProcessRecord;
  ports: Record<string, number>;
  children: ProcessRecord[];
}

export class PidFile {
  readonly file: string;
  private content?: PidFileContent;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'start.pid.json');
  }

  read(): PidFileContent | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as PidFileContent;
    } catch {
      return undefined; // missing, or half-written by a process that died while writing
    }
  }

  /** Claims the file for this supervisor. */
  begin(supervisor: ProcessRecord): void {
    this.content = { supervisor, ports: {}, children: [] };
    this.write();
  }

  addPorts(ports: Record<string, number>): void {
    Object.assign(this.content!.ports, ports);
    this.write();
  }

  /** Records a started process; a restarted one replaces its earlier entry of the same name. */
  setChild(r: ProcessRecord): void {
    const c = this.content!;
    c.children = [...c.children.filter((x) => x.name !== r.name), r];
    this.write();
  }

  remove(): void {
    if (this.content && this.read()?.supervisor.pid === this.content.supervisor.pid) fs.rmSync(this.file, { force: true });
  }

  private write(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileDurably(this.file, JSON.stringify(this.content, null, 2));
  }
}

export type Leftovers =
  | { kind: 'none' }
  | { kind: 'running'; supervisor: ProcessRecord }
  | { kind: 'stopped'; supervisor: ProcessRecord; stopped: ProcessRecord[] };

/**
 * Looks at the pid file of an earlier start on this data folder. A supervisor still alive means another
 * `npm start` runs here; a dead one's processes are stopped (SIGTERM, then SIGKILL after `graceMs`).
 */
export async function stopLeftovers(pidFile: PidFile, graceMs = 5000): Promise<Leftovers> {
  const earlier = pidFile.read();
  if (!earlier) return { kind: 'none' };
  if (earlier.supervisor.pid !== process.pid && (await stillRunning(earlier.supervisor)))
    return { kind: 'running', supervisor: earlier.supervisor };
  const alive = (await Promise.all(earlier.children.map(async (c) => ((await stillRunning(c)) ? c : undefined)))).filter(
    (c): c is ProcessRecord => !!c,
  );
  for (const c of alive) signal(c.pid, 'SIGTERM');
  for (const c of alive) signal(c.pid, 'SIGCONT'); // a stopped process acts on the SIGTERM only once resumed
  const end = Date.now() + graceMs;
  let left = alive;
  while (left.length && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    left = (await Promise.all(left.map(async (c) => ((await stillRunning(c)) ? c : undefined)))).filter((c): c is ProcessRecord => !!c);
  }
  for (const c of left) signal(c.pid, 'SIGKILL');
  fs.rmSync(pidFile.file, { force: true });
  return { kind: 'stopped', supervisor: earlier.supervisor, stopped: alive };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
