// `npm run web`: the portal and board on their own (production), next to `npm run worker`. Needs the
// TEMPORAL_* settings, DUBAN_LINK_SECRET and DUBAN_SESSION_SECRET, and a board users file.
import { connectClient } from '../client/temporal-client';
import { reportsDir } from '../config/paths';
import { ReportStore } from '../activities/reports/report-store';
import { boardUsersFile, loadBoardUsers } from '../config/board-users';
import { createWebServer } from './server';

async function main(): Promise<void> {
  const missing = ['DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET'].filter((n) => (process.env[n] ?? '').length < 16);
  if (missing.length) throw new Error(`请设置 ${missing.join('、')}（至少 16 个字符；链接密钥须与 worker 相同）`);
  const client = await connectClient();
  const web = await createWebServer({
    client,
    linkSecret: process.env.DUBAN_LINK_SECRET!,
    sessionSecret: process.env.DUBAN_SESSION_SECRET!,
    users: loadBoardUsers(boardUsersFile()),
    reports: new ReportStore(reportsDir()),
    publicUrl: process.env.DUBAN_PORTAL_URL,
  });
  const port = Number(process.env.DUBAN_WEB_PORT) || 8080;
  await web.listen({ port, host: process.env.DUBAN_WEB_HOST || '127.0.0.1' });
  console.log(`[web] 报送平台与督查看板：http://localhost:${port}/board`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => void web.close().then(() => client.connection.close()).then(() => process.exit(0)));
  }
}

main().catch((err) => {
  console.error(`[web] 启动失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
