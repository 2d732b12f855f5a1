// How long `duban plan draft` takes on a notice, without Node's start-up: read, draft, render, five runs.
// Usage: node --import tsx scripts/draft-speed.ts [notice] [directory]
import fs from 'node:fs';
import { readNotice } from '../client/notice/read';
import { draftPlan } from '../domain/draft/draft';
import { renderPlan } from '../domain/draft/render';
import { buildDirectory } from '../domain/plan/directory';
import { directorySchema } from '../domain/plan/schema';
import { readYaml, validate } from '../domain/plan/yaml-source';

async function main(): Promise<void> {
  const notice = process.argv[2] ?? 'plans/sources/plan-notice-jiangmen-2024.txt';
  const dirFile = process.argv[3] ?? 'plans/directory.yaml';
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const src = readYaml(fs.readFileSync(dirFile, 'utf8'), dirFile);
    const directory = buildDirectory(validate(src, directorySchema), src);
    renderPlan(draftPlan(await readNotice(notice), { directory }));
    times.push(performance.now() - t0);
  }
  console.log(`${notice}: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}（第一次含载入繁简转换词典）`);
}

void main();
