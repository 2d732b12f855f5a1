// `duban store migrate --to <postgres-url>`: copies the embedded default's data folder (reports and attachments,
// delivery log, outbox, link versions, 发文字号, plan files, board accounts; sessions with --sessions) into
// PostgreSQL and checks counts and digests there before it says 完成. Run it again after an interruption: what
// was copied stays, what is missing is copied, nothing is doubled.
import { Command } from 'commander';
import { migrateStoreTo, type KindCopied } from '../client/store-migration';

const KIND_ZH: Record<string, [string, string]> = {
  reports: ['报告', '份'],
  attachments: ['附件', '个'],
  deliveries: ['发送记录', '条'],
  outbox: ['待发队列', '条'],
  linkVersions: ['单位链接版本', '个'],
  documentNumbers: ['发文字号', '个'],
  planFiles: ['方案文件', '个'],
  accounts: ['看板账号', '个'],
  sessions: ['看板会话', '个'],
};

const counted = (k: KindCopied) => `${KIND_ZH[k.kind][0]} ${k.local} ${KIND_ZH[k.kind][1]}`;

export function storeCommand(): Command {
  const store = new Command('store').description('duban 的存储：把数据目录迁移到 PostgreSQL');
  store
    .command('migrate')
    .description(
      '把数据目录中的报告、附件、发送记录、待发队列、链接版本、发文字号、方案文件和看板账号复制到 PostgreSQL，并核对条数与摘要（可重复运行，中断后再运行即可续完）',
    )
    .requiredOption('--to <url>', 'PostgreSQL 地址，如 $DUBAN_DATABASE_URL（postgres://用户:密码@主机:端口/数据库）')
    .option('--sessions', '同时复制看板的登录会话（不复制则迁移后需重新登录）')
    .action(async (o: { to: string; sessions?: boolean }) => {
      const progress = (k: KindCopied) =>
        console.log(
          `${counted(k)}：本次复制 ${k.copied}，已有 ${k.local - k.copied}${k.mismatchCount ? `，不一致 ${k.mismatchCount}` : ''}`,
        );
      console.log('正在把数据目录复制到 PostgreSQL …');
      const result = await migrateStoreTo(o.to, { sessions: !!o.sessions, progress });
      const bad = result.kinds.filter((k) => k.mismatchCount > 0);
      if (bad.length)
        throw new Error(
          `核对未通过：${bad.map((k) => `${KIND_ZH[k.kind][0]} ${k.mismatchCount} 项在数据库中缺失或内容不同（如 ${k.mismatched.join('、')}）`).join('；')}。数据库中已有的内容未被覆盖，请检查后再运行`,
        );
      console.log(
        `完成：已从 ${result.from} 迁移到 PostgreSQL ${result.to}，${result.kinds.map(counted).join('、')}；条数与摘要均已核对${o.sessions ? '' : '（未复制登录会话，迁移后需重新登录）'}`,
      );
    });
  return store;
}
