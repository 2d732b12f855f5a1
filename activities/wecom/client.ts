// The WeCom server API (企业微信, and 政务微信 at its own address) for application messages: an access token
// from /cgi-bin/gettoken, cached until shortly before it expires and fetched again when the server calls it
// invalid; text cards through /cgi-bin/message/send; WeCom's rate limits kept on this side (a member gets at
// most 30 messages a minute from one application) and a 45009 answer honoured by backing off. Neither the
// secret nor the token ever appears in an error or a log line: both travel in query strings, so no URL is.
import { setTimeout as sleep } from 'node:timers/promises';
import type { WecomSettings } from '../../config/wecom';
import { permanentFailure } from '../channels/channel';
import { classifyErrcode, describeErrcode, RATE_LIMIT_ERRCODE, TOKEN_ERRCODES } from './errors';

export interface TextCard {
  title: string;
  description: string;
  url: string;
  btntxt: string;
}

interface Answer {
  errcode: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: string;
  invaliduser?: string;
  unlicenseduser?: string;
}

export interface WecomClientOptions extends WecomSettings {
  /** Messages one member may get from the application per minute (WeCom: 30). */
  perMemberPerMinute?: number;
  /** How long to stay away after a 45009 answer. */
  backoffMs?: number;
  /** The longest a send waits for the per-member limit before it is left to the activity's retry. */
  maxWaitMs?: number;
  /** The clock and the wait (tests pass a virtual clock). */
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

/** A token is used until this long before WeCom said it expires (7200 s): never sent while it lapses. */
export const TOKEN_MARGIN_MS = 5 * 60_000;
/** The longest duplicate check WeCom allows (4 hours): a resend after a crash is dropped by WeCom itself. */
export const DUPLICATE_CHECK_SECONDS = 4 * 3600;
const MINUTE = 60_000;

export class WecomClient {
  private token?: { value: string; until: number };
  private fetching?: Promise<string>;
  private backoffUntil = 0;
  private readonly recent = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(private readonly o: WecomClientOptions) {
    this.now = o.now ?? Date.now;
    this.wait = o.wait ?? ((ms) => sleep(ms));
  }

  /** Sends a text card to one member; returns WeCom's msgid. Throws permanentFailure for a refusal for good. */
  async sendTextCard(user: string, card: TextCard): Promise<string> {
    await this.throttle(user);
    let answer = await this.send(user, card, await this.accessToken());
    if (TOKEN_ERRCODES.has(answer.errcode)) {
      this.token = undefined; // expired or revoked early: one fresh token, one more try
      answer = await this.send(user, card, await this.accessToken());
    }
    if (answer.errcode === 0) {
      const refused = [answer.invaliduser, answer.unlicenseduser].some((list) => listed(list, user));
      if (refused) throw permanentFailure(`企业微信成员 ${user} 无效或未获许可，消息未送达`, { user });
      return answer.msgid ?? '';
    }
    const what = `企业微信发送失败：${describeErrcode(answer.errcode, answer.errmsg ?? '')}`;
    if (answer.errcode === RATE_LIMIT_ERRCODE) this.backoffUntil = this.now() + (this.o.backoffMs ?? MINUTE);
    if (classifyErrcode(answer.errcode) === 'permanent') throw permanentFailure(what, { user, errcode: answer.errcode });
    throw new Error(what);
  }

  /** The cached token, or a new one (concurrent sends share one request). */
  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.until) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const q = new URLSearchParams({ corpid: this.o.corpId, corpsecret: this.o.secret });
    const answer = await this.call(`/cgi-bin/gettoken?${q}`, { method: 'GET' });
    if (answer.errcode !== 0 || !answer.access_token) {
      // A wrong corpid or secret heals when the settings are mended: retried, never a notice's refusal.
      throw new Error(`企业微信获取 access_token 失败：${describeErrcode(answer.errcode, answer.errmsg ?? '')}`);
    }
    const lifetimeMs = (answer.expires_in ?? 7200) * 1000;
    this.token = { value: answer.access_token, until: this.now() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2) };
    return answer.access_token;
  }

  private send(user: string, card: TextCard, token: string): Promise<Answer> {
    return this.call(`/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        touser: user,
        msgtype: 'textcard',
        agentid: this.o.agentId,
        textcard: card,
        enable_duplicate_check: 1,
        duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
      }),
    });
  }

  /** One call; an unreachable server or an answer that is not WeCom's JSON is retryable. */
  private async call(pathAndQuery: string, init: RequestInit): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.o.apiBase}${pathAndQuery}`, { ...init, signal: AbortSignal.timeout(20_000) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new Error(`企业微信接口 ${new URL(this.o.apiBase).host} 不可达（${cause}）`);
    }
    const answer = (await res.json().catch(() => undefined)) as Answer | undefined;
    if (!res.ok || !answer || typeof answer.errcode !== 'number') throw new Error(`企业微信接口应答异常（HTTP ${res.status}）`);
    return answer;
  }

  /**
   * Keeps within WeCom's limits: nothing while a 45009 back-off lasts (left to the activity's retry), and at
   * most perMemberPerMinute messages to one member in any minute (waiting for the window when it is short).
   */
  private async throttle(user: string): Promise<void> {
    if (this.now() < this.backoffUntil) throw new Error('企业微信接口调用频率超限，暂停发送，稍后重试');
    const limit = this.o.perMemberPerMinute ?? 30;
    const sent = (this.recent.get(user) ?? []).filter((t) => t > this.now() - MINUTE);
    if (sent.length >= limit) {
      const waitMs = sent[sent.length - limit] + MINUTE - this.now();
      if (waitMs > (this.o.maxWaitMs ?? 30_000)) throw new Error(`企业微信成员 ${user} 一分钟内消息已达上限，稍后重试`);
      await this.wait(waitMs);
    }
    this.recent.set(user, [...sent.filter((t) => t > this.now() - MINUTE), this.now()]);
  }
}

const listed = (list: string | undefined, user: string) =>
  (list ?? '')
    .split('|')
    .map((u) => u.trim().toLowerCase())
    .includes(user.toLowerCase());
