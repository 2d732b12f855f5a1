// The restart policy of `npm start`'s children, with a real child process that keeps dying and small delays.
import { SupervisedProcess } from '../../worker/supervision/supervised-process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dies = `process.send({ duban: 'ready' }); setTimeout(() => process.exit(3), 20);`;

test('a child that keeps dying is restarted with doubling delays up to the cap, and no more once stopped', async () => {
  const lines: string[] = [];
  const pids: number[] = [];
  const p = new SupervisedProcess({
    name: '测试进程',
    command: process.execPath,
    args: ['-e', dies],
    say: (l) => lines.push(l),
    onSpawn: (pid) => pids.push(pid),
    backoff: { initialMs: 100, maxMs: 400, stableMs: 60_000 },
  });
  await p.start();
  while (p.restarts < 4) await new Promise((r) => setTimeout(r, 50));
  await p.stop();
  const restartsAtStop = p.restarts;
  expect(lines.filter((l) => l.includes('意外退出')).slice(0, 4)).toEqual([
    '测试进程意外退出（退出码 3），0.1 秒后重启',
    '测试进程意外退出（退出码 3），0.2 秒后重启',
    '测试进程意外退出（退出码 3），0.4 秒后重启',
    '测试进程意外退出（退出码 3），0.4 秒后重启',
  ]);
  expect(lines).toContain(`测试进程已重新启动（第 1 次，进程 ${pids[1]}）`);
  expect(new Set(pids).size).toBe(pids.length);
  await new Promise((r) => setTimeout(r, 600)); // longer than any pending restart delay
  expect(p.restarts).toBe(restartsAtStop);
});

test('a child that dies before it is ready fails the start instead of being restarted', async () => {
  const p = new SupervisedProcess({ name: '测试进程', command: process.execPath, args: ['-e', 'process.exit(1)'], say: () => undefined });
  await expect(p.start()).rejects.toThrow('测试进程启动失败（退出码 1）');
  expect(p.restarts).toBe(0);
});

test('a run longer than the stable time brings the delay back to the first step', async () => {
  const lines: string[] = [];
  const p = new SupervisedProcess({
    name: '测试进程',
    command: process.execPath,
    args: ['-e', `process.send({ duban: 'ready' }); setTimeout(() => process.exit(3), 150);`],
    say: (l) => lines.push(l),
    backoff: { initialMs: 100, maxMs: 1000, stableMs: 100 },
  });
  await p.start();
  while (p.restarts < 3) await new Promise((r) => setTimeout(r, 50));
  await p.stop();
  expect(
    lines
      .filter((l) => l.includes('意外退出'))
      .slice(0, 3)
      .every((l) => l.endsWith('0.1 秒后重启')),
  ).toBe(true);
});

test('with retryStart, a child that dies before it is ready is tried again with the backoff until one is ready', async () => {
  const lines: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-retry-'));
  // Fails its first two starts (as a worker whose port a killed run still holds), then comes up.
  const script = `const f = ${JSON.stringify(path.join(dir, 'tries'))}; const fs = require('fs');
    const n = (fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1; fs.writeFileSync(f, String(n));
    if (n < 3) process.exit(7); process.send({ duban: 'ready' }); setInterval(() => undefined, 1000);`;
  const p = new SupervisedProcess({
    name: '测试进程',
    command: process.execPath,
    args: ['-e', script],
    say: (l) => lines.push(l),
    backoff: { initialMs: 100, maxMs: 400, stableMs: 60_000 },
    retryStart: true,
  });
  await p.start();
  expect(lines).toEqual(['测试进程启动失败（退出码 7），0.1 秒后重试', '测试进程启动失败（退出码 7），0.2 秒后重试']);
  expect(fs.readFileSync(path.join(dir, 'tries'), 'utf8')).toBe('3');
  await p.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('with retryStart, a stop while it waits to try again ends the start', async () => {
  const p = new SupervisedProcess({
    name: '测试进程',
    command: process.execPath,
    args: ['-e', 'process.exit(1)'],
    say: () => undefined,
    backoff: { initialMs: 60_000 },
    retryStart: true,
  });
  const starting = p.start();
  await new Promise((r) => setTimeout(r, 500));
  await p.stop();
  await expect(starting).resolves.toBeUndefined();
});
