// `npm run web`: the portal and board on their own (production), next to `npm run worker`; `npm start` runs
// it the same way as a supervised child. Needs the TEMPORAL_* settings, DUBAN_LINK_SECRET, DUBAN_SESSION_SECRET
// and DUBAN_PAYLOAD_KEY, and a board users file.
import { connectClient } from '../client/temporal-client';
import { exitWithParent, tellParentReady } from '../worker/supervision/parent-watch';
import { createWebServer } from './server';
import { webAddress, webOptionsFromEnv } from './from-env';
import { restrictUmask } from '../config/paths';
import { openStores } from '../client/stores';

async function main(): Promise<void> {
  restrictUmask(); // attachments it stores are this user's only
  exitWithParent('web', () => undefined, 0);
  const stores = await openStores(); // an unreachable database: one clear line, exit 1
  const client = await connectClient();
  const web = await createWebServer(webOptionsFromEnv(client, stores));
  const { port, host } = webAddress();
  await web.listen({ port, host });
  console.log(`[web] 报送平台与督查看板：http://localhost:${port}/board`);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(
      sig,
      () =>
        void web
          .close()
          .then(() => client.connection.close())
          .then(() => stores.close())
          .then(() => process.exit(0)),
    );
  }
  tellParentReady();
}

main().catch((err) => {
  console.error(`[web] 启动失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
