// Child-process helpers for end-to-end tests of the README commands.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { PROJECT_ROOT } from '../../config/paths';

const execFileP = promisify(execFile);

export interface Launched {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a command in its own process group (so a test can send it Ctrl-C like a terminal does). */
export function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv): Launched {
  const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitForOutput(l: Launched, text: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!l.output().includes(text)) {
    if (l.child.exitCode !== null) throw new Error(`exited before "${text}":\n${l.output()}`);
    if (Date.now() > end) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${l.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Pids of live processes whose command line contains `needle`. */
export async function processesMatching(needle: string): Promise<string[]> {
  const { stdout } = await execFileP('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(needle) && !line.includes('ps -eo'))
    .map((line) => line.trim().split(/\s+/)[0]);
}

/** Runs the `duban` CLI as a user would; never throws, returns status and output. */
/** How long one `duban` command may run in a test (the slowest, under a loaded CI, take some seconds). */
const DUBAN_COMMAND_TIMEOUT_MS = 90_000;

export async function duban(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(PROJECT_ROOT, 'bin', 'duban.js'), ...args],
      // A command that hangs is killed and named, with what it had written, instead of a test's bare timeout.
      { env: { ...process.env, ...env }, timeout: DUBAN_COMMAND_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const hung = (err as { killed?: boolean } | null)?.killed
          ? `\n[test] duban ${args.join(' ')} did not finish within ${DUBAN_COMMAND_TIMEOUT_MS / 1000} s and was killed`
          : '';
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr + hung });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

export async function temporalCli(cli: string, args: string[]): Promise<string> {
  return (await execFileP(cli, args)).stdout;
}

/** Waits until no process of the process group `pgid` is alive (npm may exit before its children finish). */
export async function waitForGroupGone(pgid: number, timeoutMs = 30_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { stdout } = await execFileP('ps', ['-eo', 'pgid=']);
    if (!stdout.split('\n').some((l) => Number(l.trim()) === pgid)) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}
