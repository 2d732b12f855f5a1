// `npm start`: the embedded default, and the supervisor of everything it runs (`npm run cluster`: the same on a
// local Temporal cluster with PostgreSQL instead of the dev server, see scripts/cluster/). Starts the mail catcher and
// the local Temporal dev server (unless SMTP_URL / TEMPORAL_ADDRESS name others), registers duban's search
// attributes, runs the portal and board and the worker as child processes that are restarted when they die
// (DUBAN_WEB_PROCESSES web processes on consecutive ports and DUBAN_WORKERS workers, one each by default),
// starts the shipped plan, prints every URL, and on Ctrl-C / SIGTERM stops all of it in order (web, worker,
// dev server, mail catcher), leaving no process behind. Every process it starts stops when it dies, and the
// pid file in the data folder lets the next start clear what a killed one left behind.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataDir, LOCAL_SECRETS_FILE, mkdirPrivate, restrictUmask, securePrivateTree } from '../config/paths';
import { dataConverterOf, payloadCodecFromEnv } from '../config/payload-keys';
import { hasExplicitTarget, taskQueue, temporalTarget, TemporalTarget } from '../config/temporal';
import { registerSearchAttributes } from '../client/search-attributes';
import { temporalCliPath } from '../config/binaries';
import { DevServer, startDevServer } from './dev-server';
import { ChildService, portInUse } from './child-service';
import { KeptService } from './kept-service';
import { MailCatcher, startMailCatcher } from './mail-catcher';
import { ensureLocalSecrets } from './local-secrets';
import { SHIPPED_PLAN, startShippedPlan } from './shipped-plan';
import { clearLeftovers } from './start-leftovers';
import { webAddress } from '../web/from-env';
import { codecUiEndpoint } from '../web/codec-routes';
import { boardUsersFile, ensureDemoUser } from '../config/board-users';
import { PidFile } from '../worker/supervision/pid-file';
import { ownStartTime } from '../worker/supervision/process-identity';
import { launchLocalCluster, LocalCluster } from './cluster/launch';
import { ensureFirstAccountInDatabase } from './cluster/first-account';
import { redactedUrl } from '../config/mail';
import { AppProcess, processCount, startAll, stopAll, webProcesses, workerProcesses } from './app-processes';
import { directoryOfPlan } from '../client/plan-files';

const say = (line: string) => console.log(`[duban] ${line}`);
/** `npm run cluster`: a local Temporal cluster on PostgreSQL instead of the dev server. */
const CLUSTER = process.argv.includes('--cluster');

async function main(): Promise<void> {
  let stopRequested!: () => void;
  let stopped = false;
  const stopping = new Promise<void>((resolve) => (stopRequested = resolve)).then(() => void (stopped = true));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      say(`收到 ${sig}，正在停止…`);
      stopRequested();
    });
  }

  // Everything this command and its children (dev server, MailDev) write is this user's only.
  restrictUmask();
  mkdirPrivate(dataDir());
  const pidFile = new PidFile(dataDir());
  // First what a killed start left (its dev server's journal vanishes as it stops), then the modes.
  const stillHeld = await clearLeftovers(pidFile, say);
  securePrivateTree(dataDir());
  pidFile.begin({ name: 'npm start', pid: process.pid, startedAt: ownStartTime(), match: 'scripts/start.ts' });

  let devServer: DevServer | undefined;
  let keptDevServer: KeptService<DevServer> | undefined;
  let cluster: LocalCluster | undefined;
  let mail: MailCatcher | undefined;
  let webs: AppProcess[] = [];
  let workers: AppProcess[] = [];
  let client: Client | undefined;
  let target: TemporalTarget = temporalTarget();
  const record = (s: ChildService) => s.records.forEach((r) => pidFile.setChild(r));
  try {
    const counts = { web: processCount('DUBAN_WEB_PROCESSES'), worker: processCount('DUBAN_WORKERS') };
    // The portal signs and checks the links in notices (the worker needs its address and secret); every
    // payload is encrypted with the payload key, and the Web UI reads them through the portal's codec routes.
    const { port: webPort } = webAddress();
    process.env.DUBAN_PORTAL_URL ||= `http://localhost:${webPort}`;
    // The worker and the portal use the directory of the plan this runs: a roster saved on the board reaches the next notice.
    if (!process.env.DUBAN_DIRECTORY) setPlanDirectory();
    const fromFile = ensureLocalSecrets(dataDir());
    if (fromFile.length)
      say(`${fromFile.join('、')} 未在环境中设置，使用 ${path.join(dataDir(), LOCAL_SECRETS_FILE)} 中的本地密钥（请备份）`);
    const codec = payloadCodecFromEnv();
    // The Web UI can be given an endpoint only: the codec secret travels in its path (web/codec-routes.ts).
    const codecEndpoint = codec ? codecUiEndpoint(process.env.DUBAN_PORTAL_URL, process.env.DUBAN_CODEC_TOKEN!) : undefined;
    if (!codec) say('警告：DUBAN_PAYLOAD_ENCRYPTION=off，工作流数据以明文保存在 Temporal 中');

    if (!process.env.SMTP_URL) {
      mail = await launchMailCatcher(pidFile);
      record(mail);
      process.env.SMTP_URL = mail.smtpUrl; // the worker's mail settings read it
    } else {
      say('使用 SMTP_URL 指定的邮件服务器，不启动本地收件箱');
    }
    if (CLUSTER) {
      cluster = await launchLocalCluster({
        dataDir: dataDir(),
        namespace: target.namespace,
        codecEndpoint,
        say,
        onService: record,
      });
      target = { ...target, address: cluster.temporal.address };
      process.env.TEMPORAL_ADDRESS = cluster.temporal.address;
      process.env.TEMPORAL_NAMESPACE = target.namespace;
      process.env.DUBAN_DATABASE_URL = cluster.databaseUrl; // worker, portal and CLI share duban's store there
    } else if (hasExplicitTarget()) {
      say(`使用已有的 Temporal 服务 ${target.address}（命名空间 ${target.namespace}），不启动本地开发服务器`);
    } else {
      devServer = await launchDevServer(target.namespace, pidFile, codecEndpoint);
      record(devServer);
      // Killed or crashed after start-up: started again on the same ports and database; the worker and the
      // portal say meanwhile that Temporal cannot be reached, and reconnect.
      keptDevServer = new KeptService(devServer, {
        name: 'Temporal 开发服务器',
        relaunch: () => launchDevServer(target.namespace, pidFile, codecEndpoint),
        say,
        onRestart: record,
      });
      target = { ...target, address: devServer.address };
      process.env.TEMPORAL_ADDRESS = devServer.address; // the worker and the web server connect there
      process.env.TEMPORAL_NAMESPACE = target.namespace;
    }
    if (stopped) return;

    const clientConnection = await Connection.connect({ ...target, connectTimeout: 10_000 }).catch((err: Error) => {
      throw new Error(`无法连接 Temporal 服务 ${target.address}：${err.message}`);
    });
    client = new Client({ connection: clientConnection, namespace: target.namespace, dataConverter: dataConverterOf(codec) });
    try {
      const added = await registerSearchAttributes(clientConnection, target.namespace);
      if (added.length) say(`已注册检索属性：${added.join(', ')}`);
    } catch (err) {
      say(`警告：无法注册检索属性（${(err as Error).message}），请在该集群上运行 duban setup`);
    }

    const tier = { pidFile, stillHeld, say };
    webs = await webProcesses(webPort, counts.web, tier);
    workers = await workerProcesses(counts.worker, tier);
    await prepareBoardLogin();
    await startAll(webs);
    if (stopped) return;
    await startAll(workers);
    if (stopped) return;

    say('已就绪。');
    say(`  Temporal 服务：${target.address}（命名空间 ${target.namespace}）`);
    if (cluster) {
      say(
        `  Temporal 集群：前端 ${cluster.temporal.address}，4 个历史分片，PostgreSQL ${cluster.postgres.host}:${cluster.postgres.port}（持久化与检索）`,
      );
      say(`  Temporal Web UI：${cluster.temporal.uiUrl}/namespaces/${target.namespace}/workflows`);
      say(`  Temporal 服务指标：${cluster.temporal.metricsUrls.join(' ')}`);
      say(`  duban 数据库：${redactedUrl(cluster.databaseUrl)}`);
    }
    if (devServer) {
      say(`  Temporal Web UI：${devServer.uiUrl}/namespaces/${target.namespace}/workflows`);
      say(`  数据文件：${path.join(dataDir(), 'temporal.db')}（重启后工作流仍在）`);
    }
    if (mail) say(`  邮件收件箱：${mail.inboxUrl}（所有通知都在这里，SMTP ${mail.smtpUrl}）`);
    say(`  督查看板：${process.env.DUBAN_PORTAL_URL}/board（${boardLogin}）`);
    say(`  报送平台：各单位通过通知邮件中的专用链接进入 ${process.env.DUBAN_PORTAL_URL}/u/…`);
    if (webs.length > 1)
      for (const w of webs) say(`  ${w.name}：http://localhost:${w.port}/board（进程 ${w.process.pid}，异常退出时自动重启）`);
    say(`  任务队列：${taskQueue()}（worker 进程 ${workers.map((w) => w.process.pid).join('、')}，异常退出时自动重启）`);
    if (workers.length > 1)
      for (const w of workers) say(`  ${w.name}：进程 ${w.process.pid}${w.metricsUrl ? `，运行指标 ${w.metricsUrl}` : ''}`);
    else if (workers[0].metricsUrl) say(`  运行指标（Prometheus）：${workers[0].metricsUrl}`);
    if (!stopped) await runPlan(client, () => stopped);
    say('指南：在收件箱打开一封提醒，点其中的“点击进入报送页面”填报；再到督查看板审核或退回。按 Ctrl-C 停止。');
    await stopping;
  } finally {
    if (webs.length) {
      await stopAll(webs);
      say('报送平台与督查看板已停止');
    }
    if (workers.length) {
      await stopAll(workers);
      say('工作进程（worker）已停止');
    }
    await client?.connection.close().catch(() => undefined);
    if (keptDevServer) {
      await keptDevServer.stop();
      say('Temporal 开发服务器已停止');
    }
    if (cluster) {
      await cluster.stop();
      say('Temporal 集群与 PostgreSQL 已停止');
    }
    if (mail) {
      await mail.stop();
      say('邮件收件箱已停止');
    }
    pidFile.remove();
  }
}

let boardLogin = '';

/**
 * The supervisors' accounts the web processes read: a first account is made for the embedded default, and put in
 * the database when one keeps the accounts (`npm run cluster`, or DUBAN_DATABASE_URL).
 */
async function prepareBoardLogin(): Promise<void> {
  const usersFile = boardUsersFile();
  const inDatabase = !!process.env.DUBAN_DATABASE_URL;
  if (!process.env.DUBAN_BOARD_USERS) {
    const demo = ensureDemoUser(usersFile);
    if (demo.created) say(`已创建督查看板账号 ${demo.username}，初始密码见 ${demo.passwordFile}（账号文件 ${usersFile}，密码以散列保存）`);
    if (inDatabase) await ensureFirstAccountInDatabase(demo.passwordFile, say);
    boardLogin = `账号 ${demo.username}，初始密码见 ${demo.passwordFile}`;
  } else {
    boardLogin = inDatabase ? '账号保存在数据库中，用 duban board-user 管理' : `账号见 ${usersFile}`;
  }
}

/** DUBAN_DIRECTORY for the children: the directory the plan to run names (none for DUBAN_PLAN=none or an unreadable plan). */
function setPlanDirectory(): void {
  const file = process.env.DUBAN_PLAN || SHIPPED_PLAN;
  if (file === 'none') return;
  try {
    process.env.DUBAN_DIRECTORY = path.resolve(directoryOfPlan({ file }));
  } catch {
    // The plan's own start reports what is wrong with it.
  }
}

/** Starts the shipped plan (or DUBAN_PLAN; "none" starts nothing); a plan that fails to start is reported, not fatal. */
async function runPlan(client: Client, stopped: () => boolean): Promise<string | undefined> {
  const file = process.env.DUBAN_PLAN || SHIPPED_PLAN;
  if (file === 'none') return undefined;
  try {
    return await startShippedPlan(client, file, say, stopped);
  } catch (err) {
    say(`警告：方案 ${file} 未能启动：${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return undefined;
  }
}

async function launchDevServer(namespace: string, pidFile: PidFile, codecEndpoint: string | undefined): Promise<DevServer> {
  const port = Number(process.env.DUBAN_TEMPORAL_PORT) || 7233;
  const uiPort = Number(process.env.DUBAN_UI_PORT) || 8233;
  const cliPath = temporalCliPath();
  if (!cliPath) throw new Error('未找到 Temporal CLI：请运行 npm run provision，或设置 DUBAN_TEMPORAL_CLI');
  for (const p of [port, uiPort]) {
    if (await portInUse(p)) {
      throw new Error(
        `端口 ${p} 已被占用。若那是正在运行的 Temporal 服务，可设置 TEMPORAL_ADDRESS=localhost:${port} 直接使用它；` +
          `否则请设置 DUBAN_TEMPORAL_PORT / DUBAN_UI_PORT 换用其他端口`,
      );
    }
  }
  pidFile.addPorts({ temporal: port, temporalUi: uiPort });
  say(`正在启动 Temporal 开发服务器（端口 ${port}，Web UI ${uiPort}）…`);
  return startDevServer({ cliPath, port, uiPort, dbFile: path.join(dataDir(), 'temporal.db'), namespace, codecEndpoint });
}

async function launchMailCatcher(pidFile: PidFile): Promise<MailCatcher> {
  const smtpPort = Number(process.env.DUBAN_MAIL_SMTP_PORT) || 1025;
  const webPort = Number(process.env.DUBAN_MAIL_WEB_PORT) || 1080;
  for (const p of [smtpPort, webPort]) {
    if (await portInUse(p))
      throw new Error(
        `端口 ${p} 已被占用：请设置 DUBAN_MAIL_SMTP_PORT / DUBAN_MAIL_WEB_PORT 换用其他端口，或设置 SMTP_URL 使用已有的邮件服务器`,
      );
  }
  pidFile.addPorts({ mailSmtp: smtpPort, mailWeb: webPort });
  say(`正在启动邮件收件箱（SMTP ${smtpPort}，网页 ${webPort}）…`);
  return startMailCatcher({ smtpPort, webPort, mailDir: path.join(dataDir(), 'mail') });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[duban] 启动失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
