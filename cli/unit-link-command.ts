// `duban unit-link revoke <unit>`: every report link sent to a unit so far stops working (its link version
// is bumped in the store the worker and portal read). Prints a new link, valid for 30 days, when the link secret
// is at hand, so the unit can report at once; later notices carry new links by themselves. The link uses the
// portal's public address (--portal-url or DUBAN_PORTAL_URL); without one it says that its link opens on this
// machine only.
import { Command } from 'commander';
import { placeOfRow } from '../domain/obligation/ids';
import { planLedgerOf, runningPlans } from '../client/plan-runs';
import { withClient } from '../client/temporal-client';
import { nameOption } from '../client/obligation-input';
import { NotFound } from '../client/errors';
import { LINK_DAYS_AFTER_DUE, portalUrlOption, revokeUnitLinks } from '../client/unit-links';

export function unitLinkCommand(): Command {
  const revoke = new Command('revoke')
    .description('作废某单位此前收到的全部报送链接（例如链接被转发或泄露），并生成新链接')
    .argument('<unit>', '单位编码（如 taishan）或单位名称（如 台山市）')
    .requiredOption('--by <name>', '操作人，如 司法局 李某', nameOption)
    .option('--portal-url <url>', '报送平台供各单位访问的地址（默认取 DUBAN_PORTAL_URL）', portalUrlOption)
    .action(async (unit: string, o: { by: string; portalUrl?: string }) => {
      const code = /^[a-z0-9][a-z0-9-]*$/.test(unit) ? unit : await unitCodeByName(unit);
      const r = await revokeUnitLinks(code, o.by, o.portalUrl);
      console.log(`已作废单位 ${unit} 此前的全部报送链接（现为第 ${r.version} 版）；之后的通知自动使用新链接`);
      if (!r.link) return console.log('未设置 DUBAN_LINK_SECRET，无法在此生成新链接：新链接将随下一次通知发出');
      if (r.localOnly) {
        console.log(
          `注意：未设置报送平台的公开地址（DUBAN_PORTAL_URL），新链接使用本机地址 ${r.base}（npm start 时报送平台的地址），` +
            '只能在运行报送平台的这台电脑上打开，其他单位打不开。' +
            '要发给单位，请设置 DUBAN_PORTAL_URL 或用 --portal-url 给出各单位能访问的地址后重新作废生成。',
        );
        console.log(`本机链接（有效期 ${LINK_DAYS_AFTER_DUE} 天，仅限本机打开）：`);
      } else console.log(`新链接（有效期 ${LINK_DAYS_AFTER_DUE} 天，请通过可靠渠道发给该单位联系人）：`);
      console.log(r.link);
    });
  return new Command('unit-link').description('管理各单位的报送链接').addCommand(revoke);
}

/** A unit named as in the plan (台山市): its code, from the running plans' ledgers. */
async function unitCodeByName(name: string): Promise<string> {
  return withClient(async (client) => {
    for (const plan of await runningPlans(client)) {
      const row = (await planLedgerOf(client, plan)).find((r) => r.unit === name);
      if (row) return placeOfRow(row).unitCode;
    }
    throw new NotFound(`正在运行的方案中没有单位“${name}”，也可直接给出单位编码（如 taishan）`);
  });
}
