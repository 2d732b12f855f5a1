// Histories recorded from the 2024 simulation must replay against today's workflow code: a change that would break
// running workflows fails here, and must go behind patched(). test/fixtures/histories holds the oldest recordings;
// each folder in it, a recording of later code (each-patch-marked: every patch with its own marker; v2: obligations
// started by `duban start` as obligationWorkflowV2 beside their rounds, and a round's children with their patches
// under one marker), refreshed with DUBAN_RECORD_HISTORIES=<folder> npx jest test/simulation.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { workflowBundle } from '../../simulation/environment';
import { PROJECT_ROOT } from '../../config/paths';

const dir = path.join(PROJECT_ROOT, 'test/fixtures/histories');
const files = fs
  .readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();
const RECORDED = [
  'jiangmen-2024.t14.may-lb1-zg.jtysj.json',
  'jiangmen-2024.t14.may.json',
  'jiangmen-2024.t14.may.lb1.json',
  'jiangmen-2024.t14.may.scjgj.json',
  'jiangmen-2024.t15.rectify.kaiping.json',
];

test('there are recorded histories of obligations (returned, extended, rectification), rounds and a 回头看, of three code generations', () => {
  const folders = ['each-patch-marked/', 'v2/'];
  expect(files).toEqual([...folders.flatMap((d) => RECORDED.map((f) => d + f)), ...RECORDED].sort());
});

test('every recorded history replays without nondeterminism', async () => {
  const histories = files.map((f) => ({
    workflowId: path.basename(f, '.json'),
    history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))),
  }));
  const outcomes: [string, string | undefined][] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories))
    outcomes.push([r.workflowId, r.error?.message]);
  expect(outcomes.sort()).toEqual(histories.map((h) => [h.workflowId, undefined]).sort());
});
