// `npm start`: the embedded default. Starts the local Temporal dev server (unless TEMPORAL_ADDRESS names
// a server), registers duban's search attributes, runs the worker in the foreground, and on Ctrl-C /
// SIGTERM stops the worker, then the dev server, leaving no process behind.
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { dataDir } from '../config/paths';
import { hasExplicitTarget, temporalTarget, TemporalTarget } from '../config/temporal';
import { registerSearchAttributes } from '../client/search-attributes';
import { createDubanWorker } from '../worker/create-worker';
import { temporalCliPath } from '../config/binaries';
import { DevServer, startDevServer } from './dev-server';
import { portInUse } from './child-service';
import { MailCatcher, startMailCatcher } from './mail-catcher';

const say = (line: string) => console.log(`[duban] ${line}`);

async function main(): Promise<void> {
  // We own SIGINT/SIGTERM, so shutdown happens in order: worker, connections, dev server.
  Runtime.install({ shutdownSignals: [] });
  let stopRequested!: () => void;
  const stopping = new Promise<void>((resolve) => (stopRequested = resolve));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      say(`收到 ${sig}，正在停止…`);
      stopRequested();
    });
  }

  let devServer: DevServer | undefined;
  let mail: MailCatcher | undefined;
  let target: TemporalTarget = temporalTarget();
  try {
    if (!process.env.SMTP_URL) {
      mail = await launchMailCatcher();
      process.env.SMTP_URL = mail.smtpUrl; // the worker's mail settings read it
    } else {
      say('使用 SMTP_URL 指定的邮件服务器，不启动本地收件箱');
    }
    if (hasExplicitTarget()) {
      say(`使用已有的 Temporal 服务 ${target.address}（命名空间 ${target.namespace}），不启动本地开发服务器`);
    } else {
      devServer = await launchDevServer(target.namespace);
      target = { ...target, address: devServer.address };
    }
    if (await isStopRequested(stopping)) return;

    const client = await Connection.connect({ ...target, connectTimeout: 10_000 }).catch((err: Error) => {
      throw new Error(`无法连接 Temporal 服务 ${target.address}：${err.message}`);
    });
    try {
      const added = await registerSearchAttributes(client, target.namespace);
      if (added.length) say(`已注册检索属性：${added.join(', ')}`);
    } catch (err) {
      say(`警告：无法注册检索属性（${(err as Error).message}），请在该集群上运行 duban setup`);
    } finally {
      await client.close();
    }

    const connection = await NativeConnection.connect(target);
    try {
      const worker = await createDubanWorker({ connection, namespace: target.namespace });
      say('已就绪。');
      say(`  Temporal 服务：${target.address}（命名空间 ${target.namespace}）`);
      if (devServer) {
        say(`  Temporal Web UI：${devServer.uiUrl}`);
        say(`  数据文件：${dbFile()}（重启后工作流仍在）`);
      }
      if (mail) say(`  邮件收件箱：${mail.inboxUrl}（所有通知都在这里，SMTP ${mail.smtpUrl}）`);
      say(`  任务队列：${worker.options.taskQueue}`);
      say('  按 Ctrl-C 停止。');
      await worker.runUntil(stopping);
    } finally {
      await connection.close();
    }
  } finally {
    if (devServer) {
      await devServer.stop();
      say('Temporal 开发服务器已停止');
    }
    if (mail) {
      await mail.stop();
      say('邮件收件箱已停止');
    }
  }
}

function dbFile(): string {
  return path.join(dataDir(), 'temporal.db');
}

async function launchDevServer(namespace: string): Promise<DevServer> {
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
  say(`正在启动 Temporal 开发服务器（端口 ${port}，Web UI ${uiPort}）…`);
  return startDevServer({ cliPath, port, uiPort, dbFile: dbFile(), namespace });
}

async function launchMailCatcher(): Promise<MailCatcher> {
  const smtpPort = Number(process.env.DUBAN_MAIL_SMTP_PORT) || 1025;
  const webPort = Number(process.env.DUBAN_MAIL_WEB_PORT) || 1080;
  for (const p of [smtpPort, webPort]) {
    if (await portInUse(p)) throw new Error(`端口 ${p} 已被占用：请设置 DUBAN_MAIL_SMTP_PORT / DUBAN_MAIL_WEB_PORT 换用其他端口，或设置 SMTP_URL 使用已有的邮件服务器`);
  }
  say(`正在启动邮件收件箱（SMTP ${smtpPort}，网页 ${webPort}）…`);
  return startMailCatcher({ smtpPort, webPort, mailDir: path.join(dataDir(), 'mail') });
}

function isStopRequested(stopping: Promise<void>): Promise<boolean> {
  return Promise.race([stopping.then(() => true), Promise.resolve(false)]);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`[duban] 启动失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
