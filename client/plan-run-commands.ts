// `duban start | status | ledger`: run a plan on Temporal and read its ledger (台账).
import fs from 'node:fs';
import { Command } from 'commander';
import Table from 'cli-table3';
import ExcelJS from 'exceljs';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, Client } from '@temporalio/client';
import { taskQueue } from '../config/temporal';
import { planRunSpec } from '../domain/obligation/spec';
import { LEVEL_ZH, LIGHT_ZH, STAGE_ZH } from '../domain/obligation/lifecycle';
import type { ObligationSnapshot } from '../domain/obligation/notice';
import { planLedger } from '../workflows/messages';
import { loadPlanFromDisk } from './plan-files';
import { connectClient } from './temporal-client';
import { UserError } from './user-error';
import { yearOption } from './options';


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
        try {
          await client.workflow.start('planWorkflow', {
            args: [spec],
            taskQueue: taskQueue(),
            workflowId: spec.plan,
            staticSummary: `方案 · ${spec.title} · ${spec.rounds.length} 个轮次`,
          });
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) throw new UserError(`方案 ${spec.plan} 已在运行，未重复启动`);
          throw err;
        }
      });
      console.log(`已启动方案 ${spec.plan}（${spec.title}）：${spec.rounds.length} 个轮次，${loaded.obligations.length} 项报送事项`);
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
      const t = new Table({ head: ['任务', '单位', '报送事项', '截止', '状态', '灯', '督办等级'], style: { head: [], border: [] } });
      for (const r of rows) t.push([r.task, r.unit, r.duty, r.due.slice(0, 10), STAGE_ZH[r.stage], LIGHT_ZH[r.light], LEVEL_ZH[r.level]]);
      console.log(t.toString());
      const red = rows.filter((r) => r.light === 'red').length;
      console.log(`共 ${rows.length} 项，红灯 ${red} 项`);
    });

  const ledgerCmd = new Command('ledger')
    .description('导出方案台账（--xlsx 写入 Excel 文件）')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--xlsx <file>', '写入 XLSX 文件')
    .action(async (o) => {
      const rows = await ledger(o.plan);
      if (!o.xlsx) return console.log(JSON.stringify(rows, null, 2));
      fs.writeFileSync(o.xlsx, await ledgerXlsx(rows));
      console.log(`台账已写入 ${o.xlsx}（${rows.length} 行）`);
    });

  return [start, status, ledgerCmd];
}

function filter(rows: ObligationSnapshot[], o: { task?: number; unit?: string }): ObligationSnapshot[] {
  return rows.filter((r) => (o.task === undefined || r.task === o.task) && (!o.unit || r.unit === o.unit)).sort((a, b) => a.task - b.task || a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
}

async function withClient<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connectClient();
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}

async function ledger(planId?: string): Promise<ObligationSnapshot[]> {
  return withClient(async (client) => {
    const id = planId ?? (await onlyRunningPlan(client));
    try {
      return await client.workflow.getHandle(id).query(planLedger);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new UserError(`未找到方案 ${id}`);
      throw err;
    }
  });
}

async function onlyRunningPlan(client: Client): Promise<string> {
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: `DubanKind = 'plan' AND ExecutionStatus = 'Running'` })) ids.push(wf.workflowId);
  if (ids.length === 1) return ids[0];
  if (ids.length === 0) throw new UserError('没有正在运行的方案：请先运行 duban start <方案文件>');
  throw new UserError(`有多个方案在运行（${ids.join('、')}），请用 --plan 指明`);
}

export async function ledgerXlsx(rows: ObligationSnapshot[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.columns = [
    { header: '编号', key: 'id', width: 40 },
    { header: '任务', key: 'task', width: 6 },
    { header: '单位', key: 'unit', width: 22 },
    { header: '报送事项', key: 'duty', width: 40 },
    { header: '截止', key: 'due', width: 22 },
    { header: '状态', key: 'stage', width: 8 },
    { header: '灯', key: 'light', width: 6 },
    { header: '督办等级', key: 'level', width: 8 },
    { header: '回执编号', key: 'receipt', width: 40 },
    { header: '报送时间', key: 'submittedAt', width: 24 },
  ];
  for (const r of filter(rows, {})) {
    ws.addRow({ id: r.id, task: r.task, unit: r.unit, duty: r.duty, due: r.due, stage: STAGE_ZH[r.stage], light: LIGHT_ZH[r.light], level: LEVEL_ZH[r.level], receipt: r.submission?.receipt ?? '', submittedAt: r.submission?.at ?? '' });
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
