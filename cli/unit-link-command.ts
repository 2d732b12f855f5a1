// `duban unit-link revoke <unit>`: every report link sent to a unit so far stops working (its link version
// is bumped in the data folder the worker and portal read). Prints a new link, valid for 30 days, when the
// link secret is at hand, so the unit can report at once; later notices carry new links by themselves.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { openStores } from '../store/from-env';
import { LINK_DAYS_AFTER_DUE, reportLink } from '../activities/links/signed-links';
import { placeOfRow } from '../domain/obligation/ids';
import { dataDir } from '../config/paths';
import { planLedgerOf, runningPlans, withClient } from '../app/operations';
import { nameOption } from '../app/obligation-input';
import { AppError, NotFound } from '../app/errors';

export function unitLinkCommand(): Command {
  const revoke = new Command('revoke')
    .description('作废某单位此前收到的全部报送链接（例如链接被转发或泄露），并生成新链接')
    .argument('<unit>', '单位编码（如 taishan）或单位名称（如 台山市）')
    .requiredOption('--by <name>', '操作人，如 司法局 李某', nameOption)
    .action(async (unit: string, o: { by: string }) => {
      const code = /^[a-z0-9][a-z0-9-]*$/.test(unit) ? unit : await unitCodeByName(unit);
      const stores = await openStores();
      const version = await stores.linkVersions.revoke(code, o.by, Date.now()).finally(() => stores.close());
      console.log(`已作废单位 ${unit} 此前的全部报送链接（现为第 ${version} 版）；之后的通知自动使用新链接`);
      const secret = linkSecret();
      if (!secret) return console.log('未设置 DUBAN_LINK_SECRET，无法在此生成新链接：新链接将随下一次通知发出');
      const base = process.env.DUBAN_PORTAL_URL || `http://localhost:${Number(process.env.DUBAN_WEB_PORT) || 8080}`;
      console.log(`新链接（有效期 ${LINK_DAYS_AFTER_DUE} 天，请通过可靠渠道发给该单位联系人）：`);
      console.log(reportLink(base, code, new Date().toISOString(), secret, { version }));
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

/** DUBAN_LINK_SECRET, or the one npm start keeps in the data folder. */
function linkSecret(): string | undefined {
  if (process.env.DUBAN_LINK_SECRET) return process.env.DUBAN_LINK_SECRET;
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir(), 'secrets.json'), 'utf8')).DUBAN_LINK_SECRET;
  } catch {
    return undefined;
  }
}
