// `npm start` runs the shipped plan (or DUBAN_PLAN), moved to the current year when its year is past,
// so a newcomer sees live workflows, lights and the first notices at once.
import { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { ZONE } from '../domain/calendar/time';
import { planRunSpec } from '../domain/obligation/spec';
import { loadPlanFromDisk } from '../client/plan-files';
import { startPlanRun, waitForObligations } from '../client/plan-runs';

export const SHIPPED_PLAN = 'plans/jiangmen-2024.yaml';

export async function startShippedPlan(
  client: Client,
  file: string,
  say: (line: string) => void,
  stopped: () => boolean = () => false,
): Promise<string> {
  const thisYear = DateTime.now().setZone(ZONE).year;
  const written = loadPlanFromDisk(file);
  const loaded = written.plan.year < thisYear ? loadPlanFromDisk(file, { year: thisYear }) : written;
  for (const w of loaded.warnings) say(`警告：${w.zh}`);
  const spec = planRunSpec(loaded);
  if (loaded.rebasedFrom) say(`方案 ${file} 为 ${loaded.rebasedFrom} 年度，日期已过，已换算到 ${thisYear} 年运行（方案编号 ${spec.plan}）`);
  const started = await startPlanRun(client, loaded);
  if (!started) {
    say(`方案 ${spec.plan} 已在运行（重启后继续），未重复启动`);
    return spec.plan;
  }
  say(`已启动方案 ${spec.plan}（${spec.title}）：${spec.rounds.length} 个轮次，${loaded.obligations.length} 项报送事项，正在建立工作流…`);
  const n = await waitForObligations(client, spec.plan, loaded.obligations.length, undefined, 120_000, stopped);
  if (stopped()) return spec.plan;
  say(`已建立 ${n}/${loaded.obligations.length} 项报送事项工作流`);
  return spec.plan;
}
