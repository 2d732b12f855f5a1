// Preloaded into `duban simulate` (bin/duban.js starts it with --require). A simulation runs the project's own
// workflows against a throw-away test server, where two per-call costs of the SDK's workflow sandbox buy nothing;
// together they took more than half of a simulated year (BENCHMARKS.md):
// - the deadlock guard: every call into a workflow's context runs under a timeout, and Node starts a watchdog
//   thread for each such call (three to four per activation);
// - stack traces for the Web UI's stack trace view: a promise hook captures a stack for every promise a workflow
//   creates.
// Both are left out in the SDK's workflow threads (not the main thread) of this process only. Workers started by
// `duban start`, `npm start` or `npm run worker` keep the guard and the stack traces.
const { isMainThread } = require('node:worker_threads');

if (!isMainThread) {
  const v8 = require('node:v8');
  // The SDK installs its hook once per thread and keeps the function that would remove it.
  v8.promiseHooks.createHook = () => () => undefined;
  const vm = require('node:vm');
  const runInContext = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (context, options) {
    return runInContext.call(this, context, options && { ...options, timeout: undefined });
  };
}
