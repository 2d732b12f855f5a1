// Recognising a process we started earlier from what we wrote down: its pid, a distinctive part of its
// command line and when it started. A pid the system has since given to another program does not match.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

export interface ProcessRecord {
  /** What the console calls it (Chinese). */
  name: string;
  pid: number;
  /** Epoch ms when it was started. */
  startedAt: number;
  /** A part of its command line, e.g. "worker/main.ts" or the program's file name. */
  match: string;
}

/** `ps` prints start times to the second and under load a spawn takes a moment: allow some slack. */
const START_SLACK_MS = 5000;

/** Whether `r` still names the living (not zombie) process we recorded. */
export async function stillRunning(r: ProcessRecord): Promise<boolean> {
  let out: string;
  try {
    out = (
      await execFileP('ps', ['-ww', '-o', 'stat=,lstart=,args=', '-p', String(r.pid)], { env: { ...process.env, LC_ALL: 'C' } })
    ).stdout.trim();
  } catch {
    return false; // ps exits 1 when there is no such process
  }
  const m = /^(\S+)\s+(\S+\s+\S+\s+\d+\s+[\d:]+\s+\d+)\s+(.*)$/.exec(out);
  if (!m || m[1].startsWith('Z')) return false;
  const started = new Date(m[2]).getTime();
  return m[3].includes(r.match) && Math.abs(started - r.startedAt) <= START_SLACK_MS;
}

/** Epoch ms when this process started. */
export function ownStartTime(): number {
  return Math.round(Date.now() - process.uptime() * 1000);
}
