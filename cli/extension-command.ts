// `duban extension approve | refuse`: the bureau decides a unit's pending 延期申请 (the unit applies from its portal).
import { Command } from 'commander';
import { checkDecideExtension, ExtensionDecisionRequest } from '../domain/obligation/extension';
import { obligationView } from '../client/operations';
import { withClient } from '../client/temporal-client';
import { decideExtensionApplication } from '../client/extension-operations';
import { dueOption, dueZh, nameOption, obligationTarget, reasonOption, resolveObligation } from '../client/obligation-input';

export function extensionCommand(): Command {
  const approve = obligationTarget(new Command('approve'))
    .description('批准延期申请：截止时间延至申请的日期，或 --due 给出的日期')
    .requiredOption('--by <name>', '审批人，如 司法局 李某', nameOption)
    .option('--due <date>', '批准延至的日期（默认为申请的日期），如 2027-12-01（当日 23:59:59）', dueOption)
    .action(async (idArg: string | undefined, o) => {
      const [id, from, state] = await decide(idArg, o, { by: o.by, approve: true, ...(o.due ? { due: o.due } : {}) });
      console.log(`已批准延期申请：${id}，截止由 ${dueZh(from)} 延至 ${dueZh(state.due)}`);
    });
  const refuse = obligationTarget(new Command('refuse'))
    .description('不予批准延期申请（须说明理由），截止时间不变')
    .requiredOption('--by <name>', '审批人，如 司法局 李某', nameOption)
    .requiredOption('--reason <text>', '不予批准的理由', reasonOption)
    .action(async (idArg: string | undefined, o) => {
      const [id, , state] = await decide(idArg, o, { by: o.by, approve: false, reason: o.reason });
      console.log(`已不予批准延期申请：${id}，截止时间仍为 ${dueZh(state.due)}`);
    });
  return new Command('extension')
    .description('审批单位的延期申请：批准（approve）或不予批准（refuse）；单位会收到审批结果')
    .addCommand(approve)
    .addCommand(refuse);
}

async function decide(idArg: string | undefined, o: object, req: ExtensionDecisionRequest) {
  return withClient(async (client) => {
    const id = await resolveObligation(client, idArg, o);
    const before = (await obligationView(client, id)).state;
    checkDecideExtension(before, req, Date.now());
    return [id, before.due, await decideExtensionApplication(client, id, req)] as const;
  });
}
