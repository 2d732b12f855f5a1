// The simulation's lean sandbox (app/simulation/lean-sandbox.ts): while a simulation holds it, calls into a
// context run without the watchdog, the SDK's promise hook is not installed and a new shared workflow context
// swaps only each workflow's activator; once the last simulation leaves it, all are back. `duban simulate`'s
// results under it and under the SDK's own sandbox are compared in test/cli/simulate-command.test.ts.
import v8 from 'node:v8';
import vm from 'node:vm';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { enterLeanSandbox, leanScopeSwitches } from '../../simulation/lean-sandbox';
import { GLOBALS_CHANGED, LEAN_SCOPE_SWITCH } from '../../simulation/lean-scope-switch';
import { workflowBundle } from '../../simulation/environment';

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

/** Calls into a context as the SDK does: the holder stands for one workflow. */
const callInto = (context: vm.Context, holder: object, fn: string, ...args: unknown[]) => {
  context.__temporal_args = [holder, fn, args];
  return new vm.Script('__TEMPORAL_CALL_INTO_SCOPE()').runInContext(context);
};

test("the lean scope switch gives each workflow its own activator, a new one none, and refuses a workflow's own global", () => {
  const context = vm.createContext({});
  vm.runInContext(LEAN_SCOPE_SWITCH, context);
  vm.runInContext(
    `globalThis.__TEMPORAL__ = { api: {
      init: (id) => { globalThis.__TEMPORAL_ACTIVATOR__ = { id }; },
      who: () => globalThis.__TEMPORAL_ACTIVATOR__?.id ?? 'none',
      leak: () => { globalThis.leaked = true; },
    } };`,
    context,
  );
  const [a, b, c] = [{}, {}, {}];
  callInto(context, a, 'init', 'a');
  callInto(context, b, 'init', 'b');
  expect([callInto(context, a, 'who'), callInto(context, b, 'who'), callInto(context, c, 'who'), callInto(context, a, 'who')]).toEqual([
    'a',
    'b',
    'none',
    'a',
  ]);
  callInto(context, a, 'leak');
  // Inside the sandbox, the refusal is also printed, once: the SDK would only fail the workflow task.
  const printed = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const leave = enterLeanSandbox();
  try {
    expect(() => callInto(context, b, 'who')).toThrow(GLOBALS_CHANGED);
    expect(() => callInto(context, c, 'who')).toThrow(GLOBALS_CHANGED);
    expect(printed.mock.calls.filter(([text]) => String(text).includes(GLOBALS_CHANGED))).toHaveLength(1);
  } finally {
    leave();
    printed.mockRestore();
  }
});

test("the pinned SDK's shared workflow context takes the lean scope switch inside the sandbox, and its own outside", async () => {
  // The source map only serves stack traces, which this test takes none of.
  const bundle = {
    code: (await workflowBundle()).code,
    sourceMap: { version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' },
    filename: 'workflow-bundle.js',
  };
  const before = leanScopeSwitches();
  const leave = enterLeanSandbox();
  const lean = await ReusableVMWorkflowCreator.create(bundle, 1_000, new Set());
  leave();
  const standard = await ReusableVMWorkflowCreator.create(bundle, 1_000, new Set());
  expect(leanScopeSwitches()).toBe(before + 1);
  // The SDK's saves every global of the workflow it leaves; the lean one its activator.
  const switchIn = (creator: ReusableVMWorkflowCreator) =>
    vm.runInContext('String(__TEMPORAL_CALL_INTO_SCOPE)', (creator as unknown as { context: vm.Context }).context);
  expect(switchIn(lean)).not.toContain('getOwnPropertyDescriptors');
  expect(switchIn(standard)).toContain('getOwnPropertyDescriptors');
  await Promise.all([lean.destroy(), standard.destroy()]);
}, 60_000);
