// A simulation runs the project's own workflows against a throw-away test server, where two per-call costs of the
// SDK's workflow sandbox buy nothing; together they took more than half of a simulated year (BENCHMARKS.md):
// - the deadlock guard: every call into a workflow's context runs under a timeout, and Node starts a watchdog
//   thread for each such call (three to four per activation);
// - stack traces for the Web UI's stack trace view: a promise hook captures a stack for every promise a workflow
//   creates.
// The simulation's worker runs its workflows in this thread (the SDK's debug mode, without the hop to a workflow
// thread and back per activation), and both are left out here while the simulation runs. Workers started by
// `duban start`, `npm start` or `npm run worker` keep the guard and the stack traces.
import v8 from 'node:v8';
import vm from 'node:vm';

const original = { createHook: v8.promiseHooks.createHook, runInContext: vm.Script.prototype.runInContext };
let holders = 0;

/** Leaves both out until the returned function is called (simulations may overlap: the last one puts them back). */
export function enterLeanSandbox(): () => void {
  if (holders++ === 0) {
    // The SDK installs its hook once per worker and keeps the function that would remove it.
    v8.promiseHooks.createHook = () => () => undefined;
    vm.Script.prototype.runInContext = function (this: vm.Script, context, options) {
      return original.runInContext.call(this, context, options && { ...options, timeout: undefined });
    };
  }
  let left = false;
  return () => {
    if (left) return;
    left = true;
    if (--holders === 0) {
      v8.promiseHooks.createHook = original.createHook;
      vm.Script.prototype.runInContext = original.runInContext;
    }
  };
}
