// `duban receipt <回执编号>`: which duty and which report a receipt number is, as a unit reads it out on the
// phone (case, spaces and O/I/L for 0/1 do not matter; receipts of the older form are found too).
import { Command } from 'commander';
import { chineseDateTime } from '../domain/notices/format';
import { STAGE_ZH } from '../domain/obligation/state';
import { withClient } from '../client/temporal-client';
import { findReceipt } from '../client/receipts';

export function receiptCommand(): Command {
  return new Command('receipt')
    .description('按回执编号查找报告：所属单位、任务、报送事项、报送时间和现状')
    .argument('<number>', '回执编号，如 HZ-7K3M-Q9XD-1（不区分大小写，可省略连字符）')
    .action(async (typed: string) => {
      const { spec, state, submission, n } = await withClient((client) => findReceipt(client, typed));
      const latest = state.submissions.length;
      console.log(`回执 ${submission.receipt}：${spec.unit} · 任务${spec.task}“${spec.duty}”（${spec.id}）`);
      console.log(
        `第 ${n} 次报送：${chineseDateTime(submission.at)}，${submission.by}${submission.onTime ? '' : '（逾期报送）'}` +
          (n < latest ? `；此后已重新报送，最新回执 ${state.submissions[latest - 1].receipt}` : ''),
      );
      console.log(`现状：${STAGE_ZH[state.stage]}，截止 ${chineseDateTime(state.due)}`);
    });
}
