// The Temporal dev server dies after `npm start` is up (kill -9): the supervisor says so and starts it again on
// the same ports and database, and the workflows go on. While it stays away (its tether frozen, so it is not
// restarted yet), the worker says once in Chinese that Temporal cannot be reached instead of a wall of English
// gRPC retries, and the CLI says that the server is unavailable; once it is back, the worker says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { duban, Launched, processesMatching, waitForGroupGone, waitForOutput } from '../helpers/processes';
import { PidFile } from '../../worker/supervision/pid-file';
import { stillRunning } from '../../worker/supervision/process-identity';
import { signLink } from '../../store/links/signed-links';
import { startEnv, startUntilReady, stopLeftovers } from '../helpers/npm-start';

const PORT = 23233;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-devkill-'));
const env = startEnv(dataDir, { temporal: PORT, ui: 23234, metrics: 23464, mailSmtp: 23025, mailWeb: 23081, web: 23080 });
const cliEnv = { TEMPORAL_ADDRESS: `127.0.0.1:${PORT}`, DUBAN_DATA_DIR: dataDir };
const launched: Launched[] = [];
let stack: Launched;

const kill = (pid: number, signal: NodeJS.Signals) => {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
};

afterAll(async () => {
  for (const c of new PidFile(dataDir).read()?.children ?? []) if (await stillRunning(c)) kill(c.pid, 'SIGCONT');
  await stopLeftovers(dataDir, launched);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const child = (name: string) => new PidFile(dataDir).read()!.children.find((c) => c.name === name)!;

test('kill -9 of the dev server after start-up: restarted by the supervisor; while it is away the worker and the CLI say so in Chinese', async () => {
  stack = await startUntilReady(env, launched);

  // Killed: started again on its own, and a plan started afterwards runs (server and worker both work).
  const first = child('Temporal 开发服务器');
  kill(first.pid, 'SIGKILL');
  await waitForOutput(stack, 'Temporal 开发服务器已重新启动（第 1 次）', 90_000);
  expect(stack.output()).toMatch(/Temporal 开发服务器意外退出（[^）]+），1 秒后重启/);
  expect(child('Temporal 开发服务器').pid).not.toBe(first.pid);
  const started = await duban(['start', 'plans/single-obligation.yaml', '--year', '2099'], cliEnv);
  expect(started.stdout.trim()).toContain('已启动方案 demo-2099');
  let status = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  for (let i = 0; i < 50 && status.code !== 0; i++) status = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  expect(status.stdout).toContain('共 1 项，红灯 0 项');

  // Away for longer (its tether frozen, so nobody restarts it yet): Chinese lines, not the SDK's English retries.
  const tether = child('Temporal 开发服务器（看护进程）');
  const before = stack.output().length;
  kill(tether.pid, 'SIGSTOP');
  kill(child('Temporal 开发服务器').pid, 'SIGKILL');
  await waitForOutput(stack, `[worker] 无法连接 Temporal 服务 127.0.0.1:${PORT}`, 60_000);
  const cli = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  expect(cli.code).not.toBe(0);
  expect(cli.stderr).toContain(`错误：无法连接 Temporal 服务 127.0.0.1:${PORT}`);
  // A unit opening its page: 503 系统繁忙 in Chinese, not a 500.
  const secret = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).DUBAN_LINK_SECRET as string;
  const link = signLink({ unit: 'taishan', exp: Math.floor(Date.now() / 1000) + 3600 }, secret);
  const asked = Date.now();
  const portal = await fetch(`http://127.0.0.1:${env.DUBAN_WEB_PORT}/u/taishan?t=${link}`);
  expect(portal.status).toBe(503);
  expect(await portal.text()).toContain('系统繁忙，请稍后再试。本次操作未完成，未保存任何内容。');
  console.log(`portal answered 503 after ${((Date.now() - asked) / 1000).toFixed(1)} s with Temporal away`);
  await new Promise((r) => setTimeout(r, 5000)); // the SDK retries polls several times a second meanwhile
  const away = stack.output().slice(before);
  expect(away).not.toMatch(/retried \d+ times|tcp connect error|Unavailable/);
  // The worker: once when lost, again every 30 s; the portal: one line for the page it could not answer.
  expect(away.split('\n').filter((l) => l.includes('[worker] 无法连接 Temporal 服务')).length).toBeLessThanOrEqual(3);
  // Unreachable, or (more often) the request's own time limit passing first while the client still retries.
  expect(away).toMatch(/\[web\] GET \/u\/taishan：(无法连接 Temporal 服务（gRPC \d+）|超过请求时限：\d+ 秒内未完成)/);
  expect(away).not.toContain('    at '); // no stack

  kill(tether.pid, 'SIGCONT');
  await waitForOutput(stack, 'Temporal 开发服务器已重新启动（第 2 次）', 90_000);
  await waitForOutput(stack, `[worker] 已重新连接 Temporal 服务 127.0.0.1:${PORT}`, 60_000);
  status = await duban(['status', '--plan', 'demo-2099'], cliEnv);
  expect(status.stdout).toContain('共 1 项，红灯 0 项');

  // A namespace the server cannot read (a cluster whose database is down answers the same): said in Chinese.
  const noNamespace = await duban(['status', '--plan', 'demo-2099'], { ...cliEnv, TEMPORAL_NAMESPACE: 'duban-missing' });
  expect(noNamespace.stderr).toContain(`错误：Temporal 服务 127.0.0.1:${PORT} 暂不可用：读取不到命名空间 duban-missing`);
  expect(noNamespace.stderr).not.toContain('Namespace not found');

  // Ctrl-C still stops everything, the restarted dev server included.
  process.kill(-stack.child.pid!, 'SIGINT');
  await stack.exited;
  expect(await waitForGroupGone(stack.child.pid!)).toBe(true);
  expect(stack.output()).toContain('Temporal 开发服务器已停止');
  expect(await processesMatching(dataDir)).toEqual([]);
}, 600_000);
