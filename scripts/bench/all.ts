// `npm run bench`: every benchmark in this folder, one after the other (each starts its own servers, so they
// never run side by side), with its own output; exits non-zero if any of them failed. Run by hand: the
// figures go to BENCHMARKS.md. BENCH_* settings in the environment reach every script.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const scripts = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && f !== path.basename(__filename))
  .sort();
const failed: string[] = [];
for (const f of scripts) {
  console.log(`\n=== scripts/bench/${f} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, f)], { stdio: 'inherit' });
  console.log(`=== ${f}: ${r.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(0)} s ===`);
  if (r.status !== 0) failed.push(f);
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
