// Before anything starts: what did an earlier `npm start` on this data folder leave behind? Another one still
// running is an error (two would share the database); the processes of one that was killed are stopped and
// their ports awaited, so the start that follows a kill -9 does not fail with 端口已被占用. A port still held
// after that wait is returned: the child that binds it is retried by the supervisor until the port is free.
import { PidFile, stopLeftovers } from '../worker/supervision/pid-file';
import { portInUse } from './child-service';

/** Clears what a killed start left; returns the ports it held that are still in use after the wait. */
export async function clearLeftovers(pidFile: PidFile, say: (line: string) => void): Promise<number[]> {
  const earlier = pidFile.read();
  const found = await stopLeftovers(pidFile);
  if (found.kind === 'running') {
    throw new Error(
      `数据目录已由另一个 npm start 使用（进程 ${found.supervisor.pid}，${pidFile.file}）：请先停止它，或设置 DUBAN_DATA_DIR 使用其他目录`,
    );
  }
  if (found.kind !== 'stopped') return [];
  const since = new Date(found.supervisor.startedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  if (found.stopped.length) {
    say(
      `上次的 npm start（进程 ${found.supervisor.pid}，启动于 ${since}）未正常退出，已停止它留下的 ${found.stopped.length} 个进程：${found.stopped.map((p) => `${p.name} ${p.pid}`).join('、')}`,
    );
  }
  // A killed server's port is free once the process is gone; give the system a moment.
  const ports = Object.values(earlier?.ports ?? {});
  const end = Date.now() + 10_000;
  for (const port of ports) while ((await portInUse(port)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  const held: number[] = [];
  for (const port of ports) if (await portInUse(port)) held.push(port);
  return held;
}
