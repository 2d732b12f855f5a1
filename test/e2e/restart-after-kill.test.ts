// kill -9 of `npm start`'s supervisor followed at once by the next start, ten times in a row, while a file and a
// folder keep appearing and disappearing in the data folder: every start succeeds. The next start finds what the
// killed one left (its children still stopping, its ports still held, the dev server's journal vanishing while the
// data folder's modes are walked) and waits for it, or retries the child whose port is not free yet.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Launched, waitForGroupGone } from '../helpers/processes';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';
import { PidFile } from '../../worker/supervision/pid-file';

const RESTARTS = 10;
const WEB_PORT = 24080;
const METRICS_PORT = 24464;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-restart-'));
const env = startEnv(dataDir, { temporal: 24233, ui: 24234, metrics: METRICS_PORT, mailSmtp: 24025, mailWeb: 24081, web: WEB_PORT });
const stacks: Launched[] = [];
// Creates and removes a file and a folder holding a file in the data folder, every few milliseconds.
const churn = spawn(
  process.execPath,
  [
    '-e',
    `const fs = require('fs'), path = require('path'); const d = process.argv[1];
     const dir = path.join(d, 'reports', 'staging-churn'), f = path.join(d, 'churn.tmp');
     setInterval(() => {
       try { fs.writeFileSync(f, 'x', { mode: 0o644 }); fs.mkdirSync(dir, { recursive: true }); fs.writeFileSync(path.join(dir, 'a'), 'x', { mode: 0o644 }); } catch {}
       setTimeout(() => { try { fs.rmSync(f, { force: true }); fs.rmSync(dir, { recursive: true, force: true }); } catch {} }, 1);
     }, 3);`,
    dataDir,
  ],
  { stdio: 'ignore' },
);

afterAll(async () => {
  churn.kill('SIGKILL');
  await stopLeftovers(dataDir, stacks);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test(`kill -9 of npm start's supervisor and an immediate restart, ${RESTARTS} times in a row with files coming and going: every start succeeds`, async () => {
  let stack = await startUntilReady(env, stacks);
  const seconds: number[] = [];
  for (let i = 1; i <= RESTARTS; i++) {
    const killed = new PidFile(dataDir).read()!;
    process.kill(killed.supervisor.pid, 'SIGKILL');
    const t0 = Date.now();
    stack = await startUntilReady(env, stacks); // at once: the killed start's children are still stopping
    seconds.push((Date.now() - t0) / 1000);
    expect(stack.output()).not.toContain('启动失败：');
    // The new start's worker serves its metrics and the board answers: the ports the killed one held are its own now.
    const now = new PidFile(dataDir).read()!;
    expect(now.supervisor.pid).not.toBe(killed.supervisor.pid);
    expect((await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${WEB_PORT}/board/login`)).status).toBe(200);
    await waitForGroupGone(stacks[stacks.length - 2].child.pid!);
  }
  console.log(`${RESTARTS} restarts after kill -9, seconds to 已就绪: ${seconds.map((s) => s.toFixed(1)).join(' ')}`);

  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(fs.existsSync(path.join(dataDir, 'start.pid.json'))).toBe(false);
}, 1_200_000);
