// Where the benchmark process's main thread spends the burst (BENCH_CPU_PROFILE=file.cpuprofile): V8's sampling
// profiler from the instant until every notice has arrived, saved for Chrome's DevTools and summed per function
// (self time), so that a figure comes with the code it was spent in. The main thread runs the worker's activities
// and sender, the client, and the benchmark's SMTP server and SMS gateway; workflow tasks run in the worker's threads.
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuProfiler {
  /** Stops, writes the profile and returns its lines: the functions that took the most self time. */
  stop(top?: number): Promise<string[]>;
}

export async function startCpuProfile(file: string): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return {
    async stop(top = 15) {
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      fs.writeFileSync(file, JSON.stringify(profile));
      return summary(profile, top);
    },
  };
}

/** Where a function lives: its npm package, the project's folder, Node's own code, or V8 (GC, idle, …). */
function placeOf(url: string, functionName: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node';
  const own = /\/(activities|store|domain|config|worker|client|scripts|test|workflows)\//.exec(url);
  if (own) return `duban ${own[1]}/`;
  return url ? path.basename(url) : functionName;
}

/**
 * Self time (ms, from the samples' time deltas) per package or folder and per function, the largest first, with
 * the share of the profiled time.
 */
function summary(p: Profile, top: number): string[] {
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, ms: number) => m.set(k, (m.get(k) ?? 0) + ms);
  p.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
    add(byFunction, `${functionName || '(anonymous)'} ${where}`.trim(), ms);
    add(byPlace, placeOf(url, functionName), ms);
  });
  const total = (p.endTime - p.startTime) / 1000;
  const idle = byFunction.get('(idle)') ?? 0;
  const rows = (m: Map<string, number>) =>
    [...m]
      .filter(([n]) => n !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `    ${(ms / 1000).toFixed(2).padStart(7)} s  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [
    `main thread: ${(total / 1000).toFixed(1)} s profiled, ${((100 * (total - idle)) / total).toFixed(0)} % busy; by package or folder:`,
    ...rows(byPlace),
    '  by function:',
    ...rows(byFunction),
  ];
}
