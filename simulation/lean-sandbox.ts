// A simulation runs the project's own workflows against a throw-away test server, where three per-call costs of
// the SDK's workflow sandbox buy nothing; together they took more than half of a simulated year (BENCHMARKS.md):
// - the deadlock guard: every call into a workflow's context runs under a timeout, and Node starts a watchdog
//   thread for each such call (three to four per activation);
// - stack traces for the Web UI's stack trace view: a promise hook captures a stack for every promise a workflow
//   creates;
// - the swap of the whole global scope between workflows (app/simulation/lean-scope-switch.ts).
// The simulation's worker runs its workflows in this thread (the SDK's debug mode, without the hop to a workflow
// thread and back per activation), and all three are left out here while the simulation runs. Workers started by
// `duban start`, `npm start` or `npm run worker` keep the guard, the stack traces and the SDK's swap.
import v8 from 'node:v8';
import vm from 'node:vm';
import { GLOBALS_CHANGED, isSdkScopeSwitch, LEAN_SCOPE_SWITCH } from './lean-scope-switch';

const original = {
  createHook: v8.promiseHooks.createHook,
  runInContext: vm.Script.prototype.runInContext,
  defineInContext: vm.runInContext,
};
let holders = 0;
let leanSwitches = 0;
let globalsChangedTold = false;

/** How many shared workflow contexts took the lean scope switch so far (0 would mean the SDK's changed). */
export function leanScopeSwitches(): number {
  return leanSwitches;
}

/** Leaves all three out until the returned function is called (simulations may overlap: the last one puts them back). */
export function enterLeanSandbox(): () => void {
  if (holders++ === 0) {
    // The SDK installs its hook once per worker and keeps the function that would remove it.
    v8.promiseHooks.createHook = () => () => undefined;
    vm.Script.prototype.runInContext = function (this: vm.Script, context, options) {
      try {
        return original.runInContext.call(this, context, options && { ...options, timeout: undefined });
      } catch (err) {
        // The SDK only fails the workflow task (a warning the simulation's logger does not show): say it here.
        if ((err as Error | undefined)?.message === GLOBALS_CHANGED && !globalsChangedTold) {
          globalsChangedTold = true;
          process.stderr.write(`${GLOBALS_CHANGED}\n`);
        }
        throw err;
      }
    };
    // The SDK defines its scope switch with vm.runInContext when it creates a worker's shared context.
    vm.runInContext = function (code, context, options) {
      if (typeof code === 'string' && isSdkScopeSwitch(code)) {
        leanSwitches++;
        return original.defineInContext.call(this, LEAN_SCOPE_SWITCH, context, options);
      }
      return original.defineInContext.call(this, code, context, options);
    };
  }
  let left = false;
  return () => {
    if (left) return;
    left = true;
    if (--holders === 0) {
      v8.promiseHooks.createHook = original.createHook;
      vm.Script.prototype.runInContext = original.runInContext;
      vm.runInContext = original.defineInContext;
    }
  };
}
