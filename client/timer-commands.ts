// `duban timer ...`: start, inspect and submit to a single obligation timer.
import { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { taskQueue } from '../config/temporal';
import { LIGHT_LABEL, STAGE_LABEL, timerSummary, ObligationTimerInput } from '../domain/timer/rules';
import { parseDeadline } from '../domain/calendar/time';
import { obligationTimer, stateQuery, submitUpdate } from '../workflows/obligation-timer';
import { connectClient } from './temporal-client';
import { UserError } from './user-error';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function timerCommands(): Command {
  const timer = new Command('timer').description('单个报送事项的截止计时（提醒、报送、逾期）');

  timer
    .command('start')
    .description('启动一个报送事项计时器')
    .requiredOption('--id <id>', '事项编号（字母、数字、-、_、.），同一编号不会重复启动')
    .requiredOption('--task <n>', '任务序号', (v) => positiveInt(v, '--task'))
    .requiredOption('--unit <name>', '责任单位，如 台山市')
    .requiredOption('--due <date>', '截止时间：2024-10-20（当日 23:59:59）或完整时间')
    .option('--duty <text>', '报送内容', '工作情况报告')
    .option('--plan <id>', '方案编号', 'adhoc')
    .action(async (o) => {
      if (!ID_PATTERN.test(o.id)) throw new UserError(`--id "${o.id}" 只能包含字母、数字、-、_、.`);
      const input: ObligationTimerInput = {
        obligationId: o.id,
        plan: o.plan,
        task: o.task,
        unit: o.unit,
        duty: o.duty,
        dueAt: parseDeadline(o.due, '--due'),
      };
      const client = await connectClient();
      try {
        await client.workflow.start(obligationTimer, {
          args: [input],
          taskQueue: taskQueue(),
          workflowId: input.obligationId,
          staticSummary: timerSummary(input),
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw new UserError(`事项 ${o.id} 已在运行，未重复启动`);
        throw err;
      } finally {
        await client.connection.close();
      }
      console.log(`已启动：${input.obligationId}（任务${input.task} ${input.unit}，截止 ${input.dueAt}）`);
    });

  timer
    .command('status <id>')
    .description('查看事项状态')
    .option('--json', '以 JSON 输出')
    .action(async (id: string, o) => {
      const state = await withHandle(id, (h) => h.query(stateQuery));
      if (o.json) return console.log(JSON.stringify(state, null, 2));
      console.log(`${id}：${STAGE_LABEL[state.stage]}，${LIGHT_LABEL[state.light]}，截止 ${state.dueAt}`);
      for (const r of state.remindersSent) console.log(`  已提醒 ${r.step}  ${r.at}`);
      for (const r of state.remindersPending) console.log(`  待提醒 ${r.step}  ${r.at}`);
      if (state.submission) console.log(`  已报送 ${state.submission.submittedAt}，回执 ${state.submission.receipt}，报送人 ${state.submission.by}`);
    });

  timer
    .command('submit <id>')
    .description('代为登记一份报告（如纸质报送）')
    .requiredOption('--by <name>', '报送人')
    .requiredOption('--text <text>', '报告内容')
    .action(async (id: string, o) => {
      const receipt = await withHandle(id, (h) => h.executeUpdate(submitUpdate, { args: [{ by: o.by, text: o.text }] }));
      console.log(`报送成功，回执编号 ${receipt.receipt}${receipt.onTime ? '' : '（逾期报送）'}`);
    });

  return timer;
}

async function withHandle<T>(id: string, fn: (h: ReturnType<Awaited<ReturnType<typeof connectClient>>['workflow']['getHandle']>) => Promise<T>): Promise<T> {
  const client = await connectClient();
  try {
    return await fn(client.workflow.getHandle(id));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new UserError(`未找到事项 ${id}`);
    if (err instanceof WorkflowUpdateFailedError) throw new UserError(`报送被拒绝：${err.cause?.message ?? err.message}`);
    if (err instanceof Error && /workflow execution already completed|not found/i.test(err.message)) {
      throw new UserError(`事项 ${id} 已结束，不能再操作`);
    }
    throw err;
  } finally {
    await client.connection.close();
  }
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`${flag} 应为正整数，收到 "${v}"`);
  return n;
}
