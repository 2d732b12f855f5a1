// The SDK runs every workflow of a worker in one shared context. Before each call into it for another workflow
// than the last, it swaps the whole global scope: it saves every global property of the workflow that was there
// and restores every one of the next. Each property it reads or writes goes through Node's interceptors on the
// context's global object: about 150 µs a switch, and a simulated year switches 13,000 times (3.5 s of its ~31).
// In duban's bundle the one global that differs between workflows is the SDK's activator (and the SDK's marker of
// whose scope is in place), so the simulation's lean sandbox swaps only those two.
// What this gives up: a workflow that adds or removes a global of its own would see another workflow's. The switch
// counts the globals at every swap and fails the workflow task if their number changed (the lean sandbox prints
// why). A workflow that reassigns an existing global (the SDK's own overrides are made once, before any workflow)
// is not caught; duban's workflows do neither (test/cli/simulate-command.test.ts compares both sandboxes' notices).

/** The SDK's scope switch (workflow/reusable-vm.js), as it defines it in a new shared context. */
export function isSdkScopeSwitch(code: string): boolean {
  return code.includes('const __TEMPORAL_CALL_INTO_SCOPE = () =>') && code.includes('__TEMPORAL_BAG_HOLDER__');
}

/** Shown (in the failed workflow task) when a workflow changed the global scope under the lean switch. */
export const GLOBALS_CHANGED =
  '模拟的精简沙箱只为各工作流分别保存 SDK 的全局对象；有工作流新增或删除了全局变量，请以 DUBAN_SIMULATION_SANDBOX=standard 运行模拟';

/**
 * Defines `__TEMPORAL_CALL_INTO_SCOPE` with the SDK's contract: the caller puts `[holder, fn, args]` in
 * `__temporal_args`, where `holder` is one object per workflow; the function puts that workflow's scope in place and
 * calls `__TEMPORAL__.api[fn](...args)`. Each holder keeps its workflow's activator, if it has one yet.
 */
export const LEAN_SCOPE_SWITCH = `{
  const ACTIVATOR = '__TEMPORAL_ACTIVATOR__';
  const HOLDER = '__TEMPORAL_BAG_HOLDER__';
  // How many globals all workflows share, counted at the first switch (the activator and the marker apart).
  let shared = -1;
  const __TEMPORAL_CALL_INTO_SCOPE = () => {
    const [holder, fn, args] = globalThis.__temporal_args;
    delete globalThis.__temporal_args;
    const current = globalThis[HOLDER];
    if (current !== holder) {
      const count = Reflect.ownKeys(globalThis).length - (ACTIVATOR in globalThis ? 1 : 0) - (HOLDER in globalThis ? 1 : 0);
      if (shared < 0) shared = count;
      else if (count !== shared) throw new Error(${JSON.stringify(GLOBALS_CHANGED)});
      if (current !== undefined) current.activator = ACTIVATOR in globalThis ? { value: globalThis[ACTIVATOR] } : undefined;
      if (holder.activator) globalThis[ACTIVATOR] = holder.activator.value;
      else delete globalThis[ACTIVATOR];
      globalThis[HOLDER] = holder;
    }
    return __TEMPORAL__.api[fn](...args);
  };
  Object.defineProperty(globalThis, '__TEMPORAL_CALL_INTO_SCOPE', {
    value: __TEMPORAL_CALL_INTO_SCOPE, writable: false, enumerable: false, configurable: false
  });
}`;
