// Runs a script again with the simulation's lean sandbox preloaded (lean-sandbox.cjs): the SDK's workflow threads
// take their preloads from the process's command line only, so it cannot be switched on once the process runs.
const { spawn } = require('node:child_process');

const LEAN_SANDBOX = require.resolve('./lean-sandbox.cjs');

/**
 * True when this process was started again under the lean sandbox (the caller then does nothing more: the new
 * process does the work and this one exits with its code). False when the sandbox is already loaded, or when
 * DUBAN_SIMULATION_SANDBOX=standard asks for the SDK's own.
 */
function relaunchedLean() {
  if (require.cache[LEAN_SANDBOX] || process.env.DUBAN_SIMULATION_SANDBOX === 'standard') return false;
  const child = spawn(process.execPath, ['--require', LEAN_SANDBOX, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  // Ctrl-C reaches both from the terminal; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

module.exports = { relaunchedLean, LEAN_SANDBOX };
