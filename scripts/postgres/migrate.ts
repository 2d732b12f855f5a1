// `npm run db:migrate`: applies duban's schema to DUBAN_DATABASE_URL and says what it did. The worker, the
// portal and the CLI do the same at start; this is for preparing a database before the first deployment.
import { connectPostgres } from '../../store/postgres/connect';

async function main(): Promise<number> {
  const url = process.env.DUBAN_DATABASE_URL;
  if (!url) {
    console.error('错误：未设置 DUBAN_DATABASE_URL（内嵌存储在数据目录中，无需迁移）');
    return 2;
  }
  const { pool, applied } = await connectPostgres(url, { max: 1 });
  await pool.end();
  console.log(applied.length ? `已应用数据库迁移：${applied.join('、')}` : '数据库结构已是最新，无需迁移');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`错误：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
