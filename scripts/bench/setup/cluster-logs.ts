// The errors the cluster's services logged while a benchmark ran: `npm run cluster` writes one JSON log per
// service (<data folder>/temporal-cluster/logs). A benchmark marks where each log ends before it starts and reads
// only what was added after, grouped by service, message and error.
import fs from 'node:fs';
import path from 'node:path';

export interface LogMark {
  dir: string;
  sizes: Map<string, number>;
}

/** Where each service's log ends now; undefined without a folder (a dev server has no such logs). */
export function markClusterLogs(dir: string | undefined): LogMark | undefined {
  if (!dir) return undefined;
  const sizes = new Map<string, number>();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.log'))) sizes.set(f, fs.statSync(path.join(dir, f)).size);
  return { dir, sizes };
}

/** Lines of level error added since the mark, as "count service: message (error)", most frequent first. */
export function errorsSince(mark: LogMark): string[] {
  const counts = new Map<string, number>();
  for (const f of fs.readdirSync(mark.dir).filter((f) => f.endsWith('.log'))) {
    const text = fs
      .readFileSync(path.join(mark.dir, f))
      .subarray(mark.sizes.get(f) ?? 0)
      .toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.includes('"level":"error"')) continue;
      let entry: { msg?: string; error?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        entry = { msg: line.slice(0, 120) };
      }
      const key = `${path.basename(f, '.log')}: ${entry.msg}${entry.error ? ` (${entry.error.slice(0, 100)})` : ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${n} × ${key}`);
}
