// `duban start | status | ledger`: run a plan on Temporal and read its ledger (台账).
import fs from 'node:fs';
import { Command } from 'commander';
import Table from 'cli-table3';
import { Presets, SingleBar } from 'cli-progress';
import type { Client } from '@temporalio/client';
import { planRunSpec } from '../domain/obligation/spec';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/state';
import { acknowledgementOf } from '../domain/obligation/acknowledge';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { loadPlanFromDisk } from '../client/plan-files';
import { planLedgerOf, resolvePlan, startPlanRun, waitForObligations } from '../client/plan-runs';
import { withClient } from '../client/temporal-client';
import { ledgerXlsx } from '../client/ledger-xlsx';
import { AppError, Conflict } from '../client/errors';
import { yearOption } from './options';
import { planScores } from '../client/plan-scores';

export function planRunCommands(): Command[] {
  const start = new Command('start')
    .description('启动方案：为每个轮次和报送事项建立工作流（同一方案不会重复启动）')
    .argument('<plan>', '方案文件')
    .option('--year <year>', '换算到另一年度', yearOption)
    .option('--directory <file>', '单位名录文件')
    .action(async (file: string, o) => {
      const loaded = loadPlanFromDisk(file, { directory: o.directory, year: o.year });
      for (const w of loaded.warnings) console.error(`警告：${w.zh}`);
      const spec = planRunSpec(loaded);
      await withClient(async (client) => {
        if (!(await startPlanRun(client, loaded))) throw new Conflict(`方案 ${spec.plan} 已在运行，未重复启动`);
        console.log(`已启动方案 ${spec.plan}（${spec.title}）：${spec.rounds.length} 个轮次，${loaded.obligations.length} 项报送事项`);
        await followObligationStarts(client, spec.plan, loaded.obligations.length);
      });
    });

  const status = new Command('status')
    .description('查看方案台账中各报送事项的状态与红黄绿灯')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--task <n>', '只看该任务', (v) => Number(v))
    .option('--unit <name>', '只看该单位')
    .option('--json', '以 JSON 输出')
    .action(async (o) => {
      const rows = filter(await ledger(o.plan), o);
      if (o.json) return console.log(JSON.stringify(rows, null, 2));
      const t = new Table({
        head: ['任务', '单位', '报送事项', '截止', '状态', '灯', '督办等级', '签收'],
        style: { head: [], border: [] },
      });
      for (const r of rows) {
        const ack = acknowledgementOf(r);
        const acked = ack ? `已签收 ${ack.at.slice(5, 16).replace('T', ' ')}` : '未签收';
        t.push([r.task, r.unit, r.duty, r.due.slice(0, 10), STAGE_ZH[r.stage], LIGHT_ZH[r.light], LEVEL_ZH[r.level], acked]);
      }
      console.log(t.toString());
      const red = rows.filter((r) => r.light === 'red').length;
      console.log(`共 ${rows.length} 项，红灯 ${red} 项`);
    });

  const ledgerCmd = new Command('ledger')
    .description('导出方案台账（--xlsx 写入 Excel 文件）')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--xlsx <file>', '写入 XLSX 文件')
    .action(async (o) => {
      if (!o.xlsx) return console.log(JSON.stringify(await ledger(o.plan), null, 2));
      // With each row's score and the ranking, as of now.
      const { rows, units } = await withClient(async (client) => {
        const plan = await resolvePlan(client, o.plan);
        return planScores(client, plan, planLedgerOf(client, plan), Date.now());
      });
      fs.writeFileSync(o.xlsx, await ledgerXlsx(rows, units));
      console.log(`台账已写入 ${o.xlsx}（${rows.length} 行）`);
    });

  return [start, status, ledgerCmd];
}

function filter(rows: ObligationSnapshot[], o: { task?: number; unit?: string }): ObligationSnapshot[] {
  return rows
    .filter((r) => (o.task === undefined || r.task === o.task) && (!o.unit || r.unit === o.unit))
    .sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
}

/** The ledger of the plan given, or of the only one running. */
async function ledger(planId?: string): Promise<ObligationSnapshot[]> {
  return withClient(async (client) => planLedgerOf(client, await resolvePlan(client, planId)));
}

/** Follows the plan's obligation workflows as they come up: a progress bar on a terminal, one line otherwise (stderr). */
async function followObligationStarts(client: Client, plan: string, total: number): Promise<void> {
  if (total === 0) return;
  const tty = Boolean(process.stderr.isTTY);
  const bar = tty
    ? new SingleBar({ format: '建立报送事项工作流 [{bar}] {value}/{total}', barsize: 30, stream: process.stderr }, Presets.shades_classic)
    : undefined;
  bar?.start(total, 0);
  let n = 0;
  try {
    n = await waitForObligations(client, plan, total, (count) => bar?.update(count));
  } catch {
    console.error('警告：无法统计已建立的报送事项工作流，可稍后用 duban status 查看');
    return;
  } finally {
    bar?.stop();
  }
  if (!tty) console.error(`已建立 ${n}/${total} 项报送事项工作流`);
  if (n < total) console.error('其余报送事项工作流仍在建立中（请确认 worker 正在运行），可稍后用 duban status 查看');
}
