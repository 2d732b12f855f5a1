// The portal and board as configured by the environment, shared by `npm start` and `npm run web`.
import type { Client } from '@temporalio/client';
import { boardUsersFile, watchedBoardUsers } from '../config/board-users';
import { payloadCodecFromEnv } from '../config/payload-keys';
import { temporalTarget } from '../config/temporal';
import type { Stores } from '../client/stores';
import type { WebOptions } from './context';
import type { CodecOptions } from './codec-routes';
import { requestTimeoutFromEnv } from './request-deadline';
import { AccountsView } from './auth/accounts-view';
import { sessionHoursFromEnv } from './auth/session';

/**
 * Options from DUBAN_LINK_SECRET, DUBAN_SESSION_SECRET (each ≥ 16 characters), the users file (watched:
 * changes apply without a restart), DUBAN_PORTAL_URL and DUBAN_TRUST_PROXY; reports and link versions in `stores`.
 */
export function webOptionsFromEnv(
  client: Client,
  stores: Pick<Stores, 'reports' | 'linkVersions'> & Partial<Pick<Stores, 'deliveries' | 'planFiles' | 'boardAuth'>>,
  env: NodeJS.ProcessEnv = process.env,
): WebOptions {
  const missing = ['DUBAN_LINK_SECRET', 'DUBAN_SESSION_SECRET'].filter((n) => (env[n] ?? '').length < 16);
  if (missing.length) throw new Error(`请设置 ${missing.join('、')}（至少 16 个字符；链接密钥须与 worker 相同）`);
  // Sessions and login counts in the store; accounts too when the database keeps them (then not in the file).
  const auth = stores.boardAuth?.();
  const view = auth?.shared ? new AccountsView(auth.accounts) : undefined;
  return {
    client,
    linkSecret: env.DUBAN_LINK_SECRET!,
    linkVersions: stores.linkVersions,
    sessionSecret: env.DUBAN_SESSION_SECRET!,
    users: view ? view.list : watchedBoardUsers(boardUsersFile(env)),
    ...(view ? {} : { usersFile: boardUsersFile(env) }),
    ...(auth
      ? {
          boardAuth: {
            sessions: auth.sessions,
            attempts: auth.attempts,
            ...(view ? { refreshUsers: view.refresh, accounts: auth.accounts } : {}),
          },
        }
      : {}),
    reports: stores.reports,
    publicUrl: env.DUBAN_PORTAL_URL,
    codec: codecOptionsFromEnv(env),
    trustProxy: env.DUBAN_TRUST_PROXY || undefined,
    requestTimeoutMs: requestTimeoutFromEnv(env),
    sessionHours: sessionHoursFromEnv(env),
    ...(stores.planFiles ? { planFiles: stores.planFiles() } : {}),
    ...(stores.deliveries ? { queuedNotice: (key: string) => stores.deliveries!().outbox.row(key) } : {}),
  };
}

/**
 * The codec routes with the payload key: for the Web UI at DUBAN_CODEC_ORIGINS (default the local dev
 * server's UI), opened only by the secret DUBAN_CODEC_TOKEN (npm start generates one into data/secrets.json).
 * Without it the routes refuse every request; a request's local origin opens nothing.
 */
export function codecOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CodecOptions | undefined {
  const codec = payloadCodecFromEnv(env);
  if (!codec) return undefined;
  if (env.DUBAN_CODEC_LOCAL) console.error('[web] DUBAN_CODEC_LOCAL 已停用：编解码服务只接受携带密钥（DUBAN_CODEC_TOKEN）的请求');
  const token = env.DUBAN_CODEC_TOKEN || undefined;
  if (token && token.length < 16) throw new Error('DUBAN_CODEC_TOKEN 至少 16 个字符');
  const uiPort = Number(env.DUBAN_UI_PORT) || 8233;
  const origins = env.DUBAN_CODEC_ORIGINS
    ? env.DUBAN_CODEC_ORIGINS.split(',')
        .map((s) => s.trim().replace(/\/$/, ''))
        .filter(Boolean)
    : [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
  return { codec, token, origins, namespace: temporalTarget(env).namespace };
}

export function webAddress(env: NodeJS.ProcessEnv = process.env): { port: number; host: string } {
  return { port: Number(env.DUBAN_WEB_PORT) || 8080, host: env.DUBAN_WEB_HOST || '127.0.0.1' };
}
