// The simulation's lean sandbox (app/simulation/lean-sandbox.ts): while a simulation holds it, calls into a
// context run without the watchdog and the SDK's promise hook is not installed; once the last simulation leaves
// it, both are back. `duban simulate`'s results under it and under the SDK's own sandbox are compared in
// test/cli/simulate-command.test.ts.
import v8 from 'node:v8';
import vm from 'node:vm';
import { enterLeanSandbox } from '../../app/simulation/lean-sandbox';

/** Does a busy call outlive its 20 ms timeout, is a promise hook called? */
async function probe() {
  let timedOut = false;
  try {
    new vm.Script('const end = Date.now() + 200; while (Date.now() < end);').runInContext(vm.createContext({}), { timeout: 20 });
  } catch (err) {
    timedOut = (err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  }
  let hooked = 0;
  const stop = v8.promiseHooks.createHook({ init: () => hooked++ });
  await Promise.resolve().then(() => undefined);
  stop();
  return { timedOut, hooked: hooked > 0 };
}

const GUARDED = { timedOut: true, hooked: true };
const LEAN = { timedOut: false, hooked: false };

test('calls into a context run unguarded and no promise hook is installed while a simulation holds the sandbox', async () => {
  expect(await probe()).toEqual(GUARDED);
  const leave = enterLeanSandbox();
  expect(await probe()).toEqual(LEAN);
  leave();
  expect(await probe()).toEqual(GUARDED);
});

test('overlapping simulations: the guard and the hooks come back when the last one leaves, once', async () => {
  const first = enterLeanSandbox();
  const second = enterLeanSandbox();
  first();
  first(); // leaving twice counts once
  expect(await probe()).toEqual(LEAN);
  second();
  expect(await probe()).toEqual(GUARDED);
});
