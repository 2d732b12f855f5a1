// A local stand-in for the WeCom server API (企业微信 / 政务微信), speaking its documented protocol: gettoken
// issues access tokens with an expires_in and refuses a wrong corpid or secret (40001 / 40013); message/send
// checks the token (42001 expired, 40014 invalid), the agentid (40056), the text card's fields and limits
// (title 128 bytes, description 512, button 4 characters), and answers `invaliduser` for unknown members
// (81013 when none is valid). Tests make it answer rate limits (45009) or a busy system (-1) on demand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentCard {
  touser: string;
  agentid: number;
  msgtype: string;
  textcard: { title: string; description: string; url: string; btntxt: string };
  enable_duplicate_check?: number;
  duplicate_check_interval?: number;
}

export class TestWecom {
  readonly sent: SentCard[] = [];
  /** Every request's path and query, as the server received it. */
  readonly requests: string[] = [];
  tokensIssued = 0;
  /** Members the directory of this corporation knows. */
  members = new Set<string>(['zhangsan', 'lisi', 'wangwu']);
  /** Answers the next sends with these errcodes, one each, before behaving normally again. */
  failNext: number[] = [];
  expiresIn = 7200;
  /** How an unknown member is refused: 81013 (WeCom's answer when no addressee is valid), or listed in invaliduser. */
  unknownMember: 'errcode' | 'invaliduser' = 'errcode';
  private valid = new Set<string>();
  private server?: http.Server;
  base = '';

  constructor(
    readonly corpId = 'ww-test-corp',
    readonly secret = 'wecom-secret-never-logged',
    readonly agentId = 1000002,
  ) {}

  /** Every token issued so far expires (WeCom answers 42001 to it). */
  expireTokens(): void {
    this.valid.clear();
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.requests.push(req.url ?? '');
        const answer = (o: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
        const url = new URL(req.url ?? '/', 'http://wecom.local');
        if (req.method === 'GET' && url.pathname === '/cgi-bin/gettoken') {
          if (url.searchParams.get('corpid') !== this.corpId) return answer({ errcode: 40013, errmsg: 'invalid corpid' });
          if (url.searchParams.get('corpsecret') !== this.secret) return answer({ errcode: 40001, errmsg: 'invalid credential' });
          const token = `tok-${++this.tokensIssued}`;
          this.valid.add(token);
          return answer({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: this.expiresIn });
        }
        if (req.method === 'POST' && url.pathname === '/cgi-bin/message/send') {
          const token = url.searchParams.get('access_token') ?? '';
          if (!token.startsWith('tok-')) return answer({ errcode: 40014, errmsg: 'invalid access_token' });
          if (!this.valid.has(token)) return answer({ errcode: 42001, errmsg: 'access_token expired' });
          const forced = this.failNext.shift();
          if (forced !== undefined) return answer({ errcode: forced, errmsg: forced === 45009 ? 'api freq out of limit' : 'system busy' });
          const m = JSON.parse(body) as SentCard;
          if (m.agentid !== this.agentId) return answer({ errcode: 40056, errmsg: 'invalid agentid' });
          const card = m.textcard;
          const bytes = (s: string) => Buffer.byteLength(s ?? '', 'utf8');
          if (m.msgtype !== 'textcard' || !card?.title || !card.description || !card.url)
            return answer({ errcode: 44004, errmsg: 'empty content' });
          if (bytes(card.title) > 128 || bytes(card.description) > 512 || [...(card.btntxt ?? '')].length > 4 || bytes(card.url) > 2048)
            return answer({ errcode: 45002, errmsg: 'content size out of limit' });
          const users = m.touser.split('|');
          const invalid = users.filter((u) => !this.members.has(u.toLowerCase()));
          if (invalid.length === users.length && this.unknownMember === 'errcode')
            return answer({ errcode: 81013, errmsg: 'user & party & tag all invalid' });
          if (invalid.length < users.length) this.sent.push(m);
          return answer({ errcode: 0, errmsg: 'ok', invaliduser: invalid.join('|'), msgid: `msg-${this.sent.length}` });
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
