// The simulation's lean sandbox (app/simulation/lean-sandbox.cjs): in worker threads, where the SDK runs
// workflows, calls into a context run without the watchdog and promise hooks are not installed; the main
// thread keeps both. `duban simulate` starts under it (bin/duban.js); the CLI tests check its results.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';

const SANDBOX = path.join(PROJECT_ROOT, 'app', 'simulation', 'lean-sandbox.cjs');

// Runs in the main thread and in a worker thread: does a busy call outlive its 20 ms timeout, is a hook called?
const PROBE = `
const vm = require('node:vm');
const v8 = require('node:v8');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const probe = () => {
  let timedOut = false;
  try {
    new vm.Script('const end = Date.now() + 200; while (Date.now() < end);').runInContext(vm.createContext({}), { timeout: 20 });
  } catch (err) {
    timedOut = err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  }
  let hooked = 0;
  const stop = v8.promiseHooks.createHook({ init: () => hooked++ });
  Promise.resolve().then(() => undefined);
  stop();
  return { timedOut, hooked: hooked > 0 };
};
if (isMainThread) {
  const main = probe();
  new Worker(__filename).on('message', (worker) => console.log(JSON.stringify({ main, worker })));
} else parentPort.postMessage(probe());
`;

async function probeUnder(args: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-lean-sandbox-'));
  const file = path.join(dir, 'probe.js');
  fs.writeFileSync(file, PROBE);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [...args, file]);
    return JSON.parse(stdout) as Record<'main' | 'worker', { timedOut: boolean; hooked: boolean }>;
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
}

test('under the lean sandbox, worker threads run calls into a context unguarded and install no promise hook', async () => {
  expect(await probeUnder(['--require', SANDBOX])).toEqual({
    main: { timedOut: true, hooked: true },
    worker: { timedOut: false, hooked: false },
  });
});

test('without it, both threads keep the guard and the hooks', async () => {
  expect(await probeUnder([])).toEqual({
    main: { timedOut: true, hooked: true },
    worker: { timedOut: true, hooked: true },
  });
});
