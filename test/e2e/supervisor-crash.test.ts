// kill -9 of `npm start` itself: everything it started stops within seconds (each child watches its parent),
// and the next start on the same data folder succeeds, also when a leftover still holds a port (it finds it
// through the pid file in the data folder and stops it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, Launched, processesMatching, waitForGroupGone } from '../helpers/processes';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';
import { PidFile } from '../../worker/supervision/pid-file';
import { stillRunning } from '../../worker/supervision/process-identity';
import { portInUse } from '../../scripts/child-service';

const MAIL_SMTP = 21025;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-kill-'));
const env = startEnv(dataDir, { temporal: 21233, ui: 21234, metrics: 21464, mailSmtp: MAIL_SMTP, mailWeb: 21080, web: 21180 });
const launched: Launched[] = [];
let stack: Launched;

afterAll(async () => {
  await stopLeftovers(dataDir, launched);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const started = () => startUntilReady(env, launched);

/** Seconds until none of `pids` is alive any more (or null after `limitS`). */
async function secondsUntilGone(records: Parameters<typeof stillRunning>[0][], limitS: number): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < limitS * 1000) {
    if (!(await Promise.all(records.map(stillRunning))).some(Boolean)) return (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

test('kill -9 of npm start: its children are gone within seconds, and the next start on the same data folder succeeds', async () => {
  stack = await started();
  const first = new PidFile(dataDir).read()!;
  // dev server and MailDev (each on its tether), the portal and the worker
  expect(first.children.map((c) => c.name).sort()).toEqual(
    [
      'Temporal 开发服务器',
      'Temporal 开发服务器（看护进程）',
      '工作进程（worker）',
      '报送平台与督查看板',
      '邮件收件箱（MailDev）',
      '邮件收件箱（MailDev）（看护进程）',
    ].sort(),
  );
  expect(first.supervisor.pid).not.toBe(stack.child.pid); // npm runs the start command as its child

  process.kill(first.supervisor.pid, 'SIGKILL');
  const gone = await secondsUntilGone(first.children, 10);
  expect(gone).not.toBeNull();
  console.log(`all ${first.children.length} children gone ${gone!.toFixed(1)} s after kill -9 of npm start`);
  await waitForGroupGone(stack.child.pid!);

  // A new start on the same data folder: no 端口已被占用, the same workflows database.
  stack = await started();
  expect(stack.output()).not.toContain('已被占用');

  // A leftover that could not stop itself (its tether frozen, as a hung process would be) keeps MailDev on its
  // port after the next kill -9; the start after that stops it through the pid file and starts afresh.
  const second = new PidFile(dataDir).read()!;
  const mailTether = second.children.find((c) => c.name === '邮件收件箱（MailDev）（看护进程）')!;
  const maildev = second.children.find((c) => c.name === '邮件收件箱（MailDev）')!;
  process.kill(mailTether.pid, 'SIGSTOP');
  process.kill(second.supervisor.pid, 'SIGKILL');
  expect(
    await secondsUntilGone(
      second.children.filter((c) => c !== mailTether && c !== maildev),
      10,
    ),
  ).not.toBeNull();
  expect(await stillRunning(maildev)).toBe(true);
  expect(await portInUse(MAIL_SMTP)).toBe(true);
  await waitForGroupGone(stack.child.pid!);

  stack = await started();
  expect(stack.output()).toContain(`上次的 npm start（进程 ${second.supervisor.pid}，`);
  expect(stack.output()).toMatch(/未正常退出，已停止它留下的 2 个进程：.*邮件收件箱（MailDev）/);
  expect(await stillRunning(maildev)).toBe(false);
  expect(await stillRunning(mailTether)).toBe(false);
  const inbox = await fetch('http://127.0.0.1:21080/', { headers: { accept: 'text/html' } });
  expect(inbox.status).toBe(200);

  // A second start while this one runs is refused: the data folder is in use.
  const twice = launch('npm', ['start'], env);
  expect(await twice.exited).not.toBe(0);
  expect(twice.output()).toContain(`数据目录已由另一个 npm start 使用（进程 ${new PidFile(dataDir).read()!.supervisor.pid}`);

  // Ctrl-C still stops everything, in order, and leaves no pid file.
  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toMatch(
    /报送平台与督查看板已停止[\s\S]*工作进程（worker）已停止[\s\S]*Temporal 开发服务器已停止[\s\S]*邮件收件箱已停止/,
  );
  expect(await processesMatching(dataDir)).toEqual([]);
  expect(fs.existsSync(path.join(dataDir, 'start.pid.json'))).toBe(false);
}, 900_000);
