// Runs a program we cannot change (the Temporal dev server, MailDev) on a leash: `node --import tsx
// supervision/tether.ts <command> [args…]`, started by the supervisor with an IPC channel. It reports the
// program's pid, passes SIGTERM / SIGINT on, exits with it, and stops it when the supervisor is gone.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('用法：tether.ts <命令> [参数…]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: 'inherit' });
child.once('error', (err) => {
  console.error(`无法启动 ${command}：${err.message}`);
  process.exit(127);
});
if (child.pid) process.send?.({ duban: 'child', pid: child.pid, startedAt: Date.now() });

let killTimer: NodeJS.Timeout | undefined;
function stopChild(signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  killTimer ??= setTimeout(() => child.kill('SIGKILL'), 10_000);
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => stopChild(sig));
// The supervisor died (its end of the channel closed): take the program with us, quickly.
process.channel?.unref();
process.once('disconnect', () => {
  stopChild('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
});

child.once('exit', (code, signal) => {
  clearTimeout(killTimer);
  process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1));
});
