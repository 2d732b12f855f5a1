// The permission walk over the data folder while another process adds and removes files and folders in it (a
// dev server's journal, the reports' staging folder, a second worker): what vanishes mid-walk is skipped, what
// stays is made this user's only.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { securePrivateTree } from '../../config/paths';

test('the walk skips files and folders that vanish between the listing and their stat, and still restricts the rest', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-tree-'));
  fs.writeFileSync(path.join(dir, 'kept.txt'), 'x', { mode: 0o644 });
  const churn = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs'), path = require('path'); const d = process.argv[1];
       const end = Date.now() + 2500; process.send('go');
       while (Date.now() < end) {
         const sub = path.join(d, 'staging', 'batch');
         fs.mkdirSync(sub, { recursive: true });
         for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(d, 'staging', 'f' + i), 'x', { mode: 0o644 });
         for (let i = 0; i < 100; i++) fs.rmSync(path.join(d, 'staging', 'f' + i), { force: true });
         fs.rmSync(path.join(d, 'staging'), { recursive: true, force: true });
       }`,
      dir,
    ],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  await new Promise((r) => churn.once('message', r));
  const exited = new Promise((r) => churn.once('exit', r));
  let walks = 0;
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    securePrivateTree(dir); // throws ENOENT if it does not skip what vanished
    walks++;
    await new Promise((r) => setImmediate(r));
  }
  expect(walks).toBeGreaterThan(50);
  expect(fs.statSync(path.join(dir, 'kept.txt')).mode & 0o777).toBe(0o600);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  fs.rmSync(dir, { recursive: true, force: true });
});
