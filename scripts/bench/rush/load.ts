// The rush's load: `count` submissions, the i-th sent to `urls[i % urls.length]` (round-robin, as a load balancer
// would), their starts spread evenly over `windowMs` (0: all at once) with at most `inFlight` awaiting an answer,
// each timed from its send until its whole answer is read. Used alike for duban's web processes and the ceiling.

export interface Submission {
  /** Where to POST (with its query: the unit's signed link). */
  path: string;
  form: FormData;
}

export interface LoadResult {
  /** ms of each answered request, sent to answered. */
  latencies: number[];
  /** "HTTP 503" / the network error's message → how many. */
  errors: Map<string, number>;
  /** From the first send to the last answer. */
  elapsedMs: number;
}

export async function runLoad(
  urls: string[],
  count: number,
  submission: (i: number) => Submission,
  o: { windowMs: number; inFlight: number; accepted: (status: number, body: string) => boolean },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  const fail = (why: string) => errors.set(why, (errors.get(why) ?? 0) + 1);
  let next = 0;
  const t0 = Date.now();
  const lane = async () => {
    for (let i = next++; i < count; i = next++) {
      const at = t0 + (o.windowMs * i) / count;
      if (at > Date.now()) await new Promise((r) => setTimeout(r, at - Date.now()));
      const s = submission(i);
      const sent = Date.now();
      try {
        const res = await fetch(`${urls[i % urls.length]}${s.path}`, { method: 'POST', body: s.form });
        const body = await res.text();
        if (o.accepted(res.status, body)) latencies.push(Date.now() - sent);
        else fail(`HTTP ${res.status}`);
      } catch (err) {
        fail((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.inFlight, count) }, lane));
  return { latencies, errors, elapsedMs: Date.now() - t0 };
}

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;

/** One line: submissions per second, p50 and p99 latency, errors. */
export function describeLoad(name: string, r: LoadResult): string {
  const perS = r.latencies.length / (r.elapsedMs / 1000);
  const errs = [...r.errors].map(([why, n]) => `${n} × ${why}`).join(', ') || 'none';
  return (
    `${name.padEnd(44)} ${perS.toFixed(2)} submissions/s over ${(r.elapsedMs / 1000).toFixed(1)} s; ` +
    `p50 ${(pct(r.latencies, 50) / 1000).toFixed(2)} s, p99 ${(pct(r.latencies, 99) / 1000).toFixed(2)} s; errors: ${errs}`
  );
}

export const submissionsPerSecond = (r: LoadResult) => r.latencies.length / (r.elapsedMs / 1000);
