// What the portal and board need from outside: Temporal, secrets, supervisors, the report store, a clock.
import type { Client } from '@temporalio/client';
import type { LinkVersions, PlanFiles, ReportStore } from '../client/stores';
import type { ObligationSnapshot } from '../domain/obligation/snapshot';
import { planLedgerOf, runningPlans } from '../client/plan-runs';
import { taskQueue } from '../config/temporal';
import { type BoardUser, seesAllOffices, seesOffice } from '../config/board-users';
import { runningPlanOffices } from '../client/plan-offices';
import type { CodecOptions } from './codec-routes';
import type { QueuedState } from '../domain/notices/delivery-state';
import { LoginThrottle } from './auth/login-throttle';
import { SessionStore } from './auth/session';
import type { BoardAccounts, BoardSessions, LoginAttempts } from '../client/board-auth';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './request-deadline';

export interface WebOptions {
  client: Client;
  /** Verifies the units' signed links (DUBAN_LINK_SECRET, the worker signs with the same). */
  linkSecret: string;
  /** Each unit's link version (revoking a unit's links bumps it); shared with the worker. */
  linkVersions: LinkVersions;
  /** Signs the board's device cookies (DUBAN_SESSION_SECRET). */
  sessionSecret: string;
  /** The supervisors' accounts, asked for on each login and request (a watched file applies changes at once). */
  users: BoardUser[] | (() => BoardUser[]);
  reports: ReportStore;
  /** Serve this plan only; by default every running plan. */
  plan?: string;
  now?: () => number;
  /** The address units and supervisors use (DUBAN_PORTAL_URL), when behind a proxy. */
  publicUrl?: string;
  /** Proxies whose X-Forwarded-For is believed (DUBAN_TRUST_PROXY: addresses or CIDR ranges, comma separated). */
  trustProxy?: string;
  /** Task queue of workflows the board starts (回头看); default DUBAN_TASK_QUEUE or duban. */
  taskQueue?: string;
  /** The codec server for the Temporal Web UI and CLI (/codec/…); none when payloads are not encrypted. */
  codec?: CodecOptions;
  /** A queued notice's state in the worker's outbox, by its key (the board shows 待发送 / 重试中 until it is out). */
  queuedNotice?: (key: string) => Promise<QueuedState | undefined>;
  /** Each request's time limit in ms (DUBAN_REQUEST_TIMEOUT_MS, default 15 s; web/request-deadline.ts). */
  requestTimeoutMs?: number;
  /** A board login's lifetime in hours (DUBAN_SESSION_HOURS, default 8; web/auth/session.ts). */
  sessionHours?: number;
  /** Where 导入方案 saves finished plans (DUBAN_DATABASE_URL: the database); default data/plans/. */
  planFiles?: PlanFiles;
  /** The board accounts file, for the 账号管理 page (none: the page only lists). */
  usersFile?: string;
  /**
   * Sessions and login counts shared by every web process (web/auth/shared-auth.ts); none: this process's memory. With
   * accounts in the database: re-reading them, and where the 账号管理 page writes them.
   */
  boardAuth?: {
    sessions: BoardSessions;
    attempts: LoginAttempts;
    refreshUsers?: (nowMs: number) => Promise<void>;
    accounts?: BoardAccounts;
  };
}

export interface WebContext extends Required<
  Omit<
    WebOptions,
    'plan' | 'publicUrl' | 'codec' | 'users' | 'trustProxy' | 'queuedNotice' | 'planFiles' | 'usersFile' | 'boardAuth' | 'sessionHours'
  >
> {
  boardAuth?: WebOptions['boardAuth'];
  queuedNotice?: WebOptions['queuedNotice'];
  planFiles?: PlanFiles;
  usersFile?: string;
  users(): BoardUser[];
  publicUrl?: string;
  /** Host of the public address, accepted as a form's origin. */
  publicHost?: string;
  /** Cookies only over HTTPS, HSTS and upgraded requests, when the public address is https. */
  secure: boolean;
  sessions: SessionStore;
  throttle: LoginThrottle;
  /** The running plans; given an account, only those of its offices (docs/portal-board.md, Offices and roles). */
  plans(user?: BoardUser): Promise<string[]>;
  ledger(plan: string): Promise<ObligationSnapshot[]>;
}

export function webContext(o: WebOptions): WebContext {
  const users = o.users;
  return {
    ...o,
    users: typeof users === 'function' ? () => users().filter((u) => !u.disabled) : () => users.filter((u) => !u.disabled),
    now: o.now ?? Date.now,
    requestTimeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    taskQueue: o.taskQueue ?? taskQueue(),
    publicHost: o.publicUrl && URL.canParse(o.publicUrl) ? new URL(o.publicUrl).host : undefined,
    secure: (o.publicUrl ?? '').startsWith('https:'),
    sessions: new SessionStore(o.boardAuth?.sessions, o.sessionHours),
    throttle: new LoginThrottle(o.boardAuth?.attempts),
    plans: async (user) => {
      if (!user || seesAllOffices(user)) return o.plan ? [o.plan] : runningPlans(o.client);
      const mine = (await runningPlanOffices(o.client)).filter((p) => seesOffice(user, p.office)).map((p) => p.id);
      return o.plan ? mine.filter((p) => p === o.plan) : mine;
    },
    ledger: (plan) => planLedgerOf(o.client, plan),
  };
}
