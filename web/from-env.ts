// The portal and board as configured by the environment, shared by `npm start` and `npm run web`.
import type { Client } from '@temporalio/client';
import { reportsDir } from '../config/paths';
import { boardUsersFile, watchedBoardUsers } from '../config/board-users';
import { ReportStore } from '../activities/reports/report-store';
import { LinkVersions, linkVersionsFile } from '../activities/links/link-versions';
import type { WebOptions } from './context';

/**
 * Options from DUBAN_LINK_SECRET, DUBAN_SESSION_SECRET (each ≥ 16 characters), the users file (watched:
 * changes apply without a restart), DUBAN_PORTAL_URL and DUBAN_TRUST_PROXY.
 */
export function webOptionsFromEnv(client: Client, env: NodeJS.ProcessEnv = process.env): WebOptions {
  const missing = ['DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET'].filter((n) => (env[n] ?? '').length < 16);
  if (missing.length) throw new Error(`请设置 ${missing.join('、')}（至少 16 个字符；链接密钥须与 worker 相同）`);
  return {
    client,
    linkSecret: env.DUBAN_LINK_SECRET!,
    linkVersions: new LinkVersions(linkVersionsFile(env)),
    sessionSecret: env.DUBAN_SESSION_SECRET!,
    users: watchedBoardUsers(boardUsersFile(env)),
    reports: new ReportStore(reportsDir(env)),
    publicUrl: env.DUBAN_PORTAL_URL,
    trustProxy: env.DUBAN_TRUST_PROXY || undefined,
  };
}

export function webAddress(env: NodeJS.ProcessEnv = process.env): { port: number; host: string } {
  return { port: Number(env.DUBAN_WEB_PORT) || 8080, host: env.DUBAN_WEB_HOST || '127.0.0.1' };
}
