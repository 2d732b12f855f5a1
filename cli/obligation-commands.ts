// `duban acknowledge | submit | review | extend | look-back`: what bureau staff do to a running plan's obligations.
// Each checks the request against the obligation's current state first (same Chinese rules as the
// workflow's validators, so nothing is stored for a request that would be refused); the workflow decides.
import path from 'node:path';
import { Command } from 'commander';
import { checkExtend, checkReview, ExtendRequest, ReviewRequest } from '../domain/obligation/lifecycle';
import { ObligationState } from '../domain/obligation/state';
import { acknowledge, extend, obligationView, review, submitWithFiles } from '../client/operations';
import { lookBack } from '../client/look-back';
import { withClient } from '../client/temporal-client';
import { checkAcknowledge } from '../domain/obligation/acknowledge';
import { chineseDateTime } from '../domain/notices/format';
import {
  attachmentFiles,
  collect,
  dueOption,
  dueZh,
  figureOption,
  figuresFor,
  nameOption,
  obligationTarget,
  positiveInt,
  reasonOption,
  reportText,
  resolveObligation,
  TargetOptions,
  unitsOption,
} from '../client/obligation-input';
import { checkAttachmentContent } from '../client/attachment-content';
import { fileForSeveral, filingFigures, MAX_DUTIES_PER_FILING, stagedFrom, withReportStore } from '../client/filing';
import { AppError } from '../client/errors';
import { extensionCommand } from './extension-command';

export function obligationCommands(): Command[] {
  return [acknowledgeCommand(), submitCommand(), reviewCommand(), extendCommand(), extensionCommand(), lookBackCommand()];
}

function acknowledgeCommand(): Command {
  return obligationTarget(new Command('acknowledge'))
    .description('代单位签收报送事项（如电话或纸质签收），记录签收人和时间；签收不代替报送')
    .requiredOption('--by <name>', '签收人，如 台山市 王某', nameOption)
    .action(async (idArg: string | undefined, o) => {
      const [id, state] = await withClient(async (client) => {
        const id = await resolveObligation(client, idArg, o);
        checkAcknowledge((await obligationView(client, id)).state, { by: o.by });
        return [id, await acknowledge(client, id, { by: o.by })] as const;
      });
      console.log(`已签收：${id}（${state.acknowledged!.by}，${chineseDateTime(state.acknowledged!.at)}）`);
    });
}

function submitCommand(): Command {
  return new Command('submit')
    .description('代为录入单位报送的报告（如收到的纸质材料），生成回执；给出同一单位的多个事项即合并报送（一份报告，各得回执）')
    .argument('[obligation-ids...]', '报送事项编号，如 tiny-2027.t1.cleanup.yi；多个编号即合并报送（也可改用 --unit 和 --task 指明）')
    .option('--plan <id>', '方案编号（只有一个方案在运行时可省略）')
    .option('--task <n>', '任务序号；合并报送时可重复，如 --task 8 --task 9', taskList)
    .option('--unit <name>', '责任单位，如 乙局')
    .option('--duty <duty>', '报送事项（编号或名称），同一任务同一单位有多项时用')
    .requiredOption('--by <name>', '报送人，如 乙局 王某', nameOption)
    .option('--text <text>', '报告内容')
    .option('--text-file <file>', '从文件读取报告内容（UTF-8 文本）')
    .option(
      '--figure <name=value>',
      '指标数据：指标编号或名称=数值，可重复，如 --figure 清理案件数=12；合并报送时可写 t8.指标=数值 只填任务8',
      figureOption,
    )
    .option('--attach <file>', '附件，可重复（pdf、doc(x)、xls(x)、ofd、jpg、png、zip）', collect)
    .action(async (ids: string[], o) => {
      const text = reportText(o);
      const attach: string[] = o.attach ?? [];
      const files = attachmentFiles(attach);
      for (const [i, content] of files.entries()) await checkAttachmentContent(path.basename(attach[i]), content);
      const tasks: number[] = o.task ?? [];
      if (ids.length > 1 || tasks.length > 1) return submitSeveral(ids, tasks, o, text, attach, files);
      const receipt = await withClient(async (client) => {
        const id = await resolveObligation(client, ids[0], { ...o, task: tasks[0] });
        const { spec } = await obligationView(client, id);
        const req = { by: o.by, text, figures: figuresFor(spec.targets, o.figure ?? []) };
        // Attachments go to the report store the worker uses; the workflow keeps their references.
        return withReportStore((store) =>
          stagedFrom(store, attach, files).then((uploads) => submitWithFiles(client, store, id, req, uploads)),
        );
      });
      console.log(`报送成功，回执编号 ${receipt.receipt}${receipt.onTime ? '' : '（逾期报送）'}`);
    });
}

/** --task, repeatable. */
const taskList = (v: string, all: number[] = []) => [...all, positiveInt(v)];

/** 合并报送: one report for several duties of one unit, each with its own receipt; nothing is stored if one refuses it. */
async function submitSeveral(
  ids: string[],
  tasks: number[],
  o: TargetOptions & Record<string, any>,
  text: string,
  attach: string[],
  files: Buffer[],
) {
  const outcomes = await withClient(async (client) => {
    const chosen =
      tasks.length > 0
        ? await (async () => {
            if (ids.length) throw new AppError('请只用报送事项编号，或只用 --plan/--task/--unit/--duty，二者不能同时使用');
            const out: string[] = [];
            for (const task of tasks) out.push(await resolveObligation(client, undefined, { ...o, task }));
            return out;
          })()
        : ids;
    if (tasks.length === 0 && (o.unit !== undefined || o.duty !== undefined || o.plan !== undefined))
      throw new AppError('请只用报送事项编号，或只用 --plan/--task/--unit/--duty，二者不能同时使用');
    const unique = [...new Set(chosen)];
    if (unique.length > MAX_DUTIES_PER_FILING) throw new AppError(`一次最多为 ${MAX_DUTIES_PER_FILING} 个事项合并报送`);
    const specs = (await Promise.all(unique.map((id) => obligationView(client, id)))).map((v) => v.spec);
    const figures = filingFigures(specs, o.figure ?? []);
    return withReportStore(async (store) =>
      fileForSeveral(client, store, { ids: unique, by: o.by, text, figures }, await stagedFrom(store, attach, files)),
    );
  });
  const done = outcomes.filter((x) => x.receipt);
  console.log(`合并报送：一份报告报送 ${outcomes.length} 个事项，${done.length} 个成功`);
  for (const x of outcomes)
    console.log(
      x.receipt
        ? `  任务${x.task}“${x.duty}”：回执编号 ${x.receipt.receipt}${x.receipt.onTime ? '' : '（逾期报送）'}（${x.id}）`
        : `  任务${x.task}“${x.duty}”：未报送，${x.refused}（${x.id}）`,
    );
  if (done.length < outcomes.length) process.exitCode = 2;
}

function reviewCommand(): Command {
  const accept = obligationTarget(new Command('accept'))
    .description('审核通过，事项办结')
    .requiredOption('--by <name>', '审核人，如 司法局 李某', nameOption)
    .action(async (idArg: string | undefined, o) => {
      const [id] = await reviewAs(idArg, o, { by: o.by, decision: 'accept' });
      console.log(`审核通过：${id} 已办结`);
    });
  const ret = obligationTarget(new Command('return'))
    .description('退回报告，要求在新的截止时间前重新报送')
    .requiredOption('--by <name>', '审核人，如 司法局 李某', nameOption)
    .requiredOption('--reason <text>', '退回理由', reasonOption)
    .requiredOption('--due <date>', '新的截止时间，如 2027-11-30（当日 23:59:59）', dueOption)
    .action(async (idArg: string | undefined, o) => {
      const [id, state] = await reviewAs(idArg, o, { by: o.by, decision: 'return', reason: o.reason, newDue: o.due });
      console.log(`已退回：${id}，新截止 ${dueZh(state.due)}`);
    });
  return new Command('review').description('审核已报送的报告：通过（accept）或退回（return）').addCommand(accept).addCommand(ret);
}

async function reviewAs(idArg: string | undefined, o: object, req: ReviewRequest): Promise<[string, ObligationState]> {
  return withClient(async (client) => {
    const id = await resolveObligation(client, idArg, o);
    checkReview((await obligationView(client, id)).state, req, Date.now());
    return [id, await review(client, id, req)];
  });
}

function extendCommand(): Command {
  return obligationTarget(new Command('extend'))
    .description('延长报送事项的截止时间（须说明理由）')
    .requiredOption('--by <name>', '操作人，如 司法局 李某', nameOption)
    .requiredOption('--due <date>', '新的截止时间，如 2027-12-01（当日 23:59:59）', dueOption)
    .requiredOption('--reason <text>', '延期理由', reasonOption)
    .action(async (idArg: string | undefined, o) => {
      const req: ExtendRequest = { by: o.by, newDue: o.due, reason: o.reason };
      const [id, from, to] = await withClient(async (client) => {
        const id = await resolveObligation(client, idArg, o);
        const before = (await obligationView(client, id)).state;
        checkExtend(before, req, Date.now());
        return [id, before.due, (await extend(client, id, req)).due];
      });
      console.log(`已延期：${id}，截止由 ${dueZh(from)} 延至 ${dueZh(to)}`);
    });
}

function lookBackCommand(): Command {
  return new Command('look-back')
    .description('对一个轮次发起“回头看”：相关单位在新的截止时间前再报送一次')
    .argument('<round-id>', '轮次编号：报送事项编号去掉单位部分，如 tiny-2027.t1.cleanup')
    .requiredOption('--by <name>', '发起人，如 司法局 李某', nameOption)
    .requiredOption('--due <date>', '回头看的截止时间，如 2027-12-20', dueOption)
    .option('--units <units>', 'all（全部单位）、late（默认：逾期、未办结或被退回过的单位）或以逗号分隔的单位名称', unitsOption)
    .action(async (round: string, o) => {
      const units = o.units ?? 'late-or-returned';
      const spec = await withClient((client) => lookBack(client, round, { by: o.by, due: o.due, units }));
      console.log(`已发起回头看 ${spec.round}：${spec.obligations.length} 个单位，截止 ${dueZh(spec.due)}`);
    });
}
