// The 政务微信 / 企业微信 provider against a local server speaking WeCom's documented protocol: the access token
// fetched once, reused, renewed before it expires and when the server calls it expired; text cards as WeCom
// takes them; refusals that cannot heal told from trouble that passes; WeCom's rate limits kept; the secret and
// the token never in an error.
import { TestWecom } from '../helpers/wecom-server';
import { WecomClient, TOKEN_MARGIN_MS, DUPLICATE_CHECK_SECONDS } from '../../activities/wecom/client';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import { wecomSettings } from '../../config/wecom';

let wecom: TestWecom;
beforeEach(async () => {
  wecom = new TestWecom();
  await wecom.start();
});
afterEach(() => wecom.stop());

/** A virtual clock: waiting moves it, nothing sleeps. */
function clock() {
  const c = { t: Date.parse('2026-12-01T01:00:00Z'), waited: [] as number[] };
  return {
    c,
    now: () => c.t,
    wait: async (ms: number) => {
      c.waited.push(ms);
      c.t += ms;
    },
  };
}

const client = (k = clock(), more: Partial<ConstructorParameters<typeof WecomClient>[0]> = {}) =>
  new WecomClient({
    corpId: wecom.corpId,
    secret: wecom.secret,
    agentId: wecom.agentId,
    apiBase: wecom.base,
    now: k.now,
    wait: k.wait,
    ...more,
  });

const card = {
  title: '【提醒】任务15 涉企乱罚款专项整治完成情况',
  description: '<div class="gray">2026年10月13日</div>',
  url: 'https://duban.example.gov.cn/u/kaiping?t=x',
  btntxt: '去报送',
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error & { type?: string; nonRetryable?: boolean }) => e,
  );

test('a text card goes to the member as WeCom documents it, with duplicate check on', async () => {
  const id = await client().sendTextCard('zhangsan', card);
  expect(id).toBe('msg-1');
  expect(wecom.sent).toEqual([
    {
      touser: 'zhangsan',
      msgtype: 'textcard',
      agentid: 1000002,
      textcard: card,
      enable_duplicate_check: 1,
      duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
    },
  ]);
});

test('the token is fetched once, reused until shortly before expires_in, then renewed', async () => {
  const k = clock();
  const c = client(k);
  await Promise.all([c.sendTextCard('zhangsan', card), c.sendTextCard('lisi', card), c.sendTextCard('wangwu', card)]);
  expect(wecom.tokensIssued).toBe(1);
  k.c.t += 7200_000 - TOKEN_MARGIN_MS - 1000; // still inside its life, less the margin
  await c.sendTextCard('zhangsan', card);
  expect(wecom.tokensIssued).toBe(1);
  k.c.t += 2000; // within the margin: renewed before WeCom would call it expired
  await c.sendTextCard('zhangsan', card);
  expect(wecom.tokensIssued).toBe(2);
  expect(wecom.requests.filter((r) => r.startsWith('/cgi-bin/gettoken'))).toHaveLength(2);
});

test('a token the server calls expired (42001) is renewed and the message sent once', async () => {
  const c = client();
  await c.sendTextCard('zhangsan', card);
  wecom.expireTokens();
  await c.sendTextCard('lisi', card);
  expect(wecom.tokensIssued).toBe(2);
  expect(wecom.sent.map((m) => m.touser)).toEqual(['zhangsan', 'lisi']);
});

test('an unknown member is a permanent refusal, whether WeCom answers 81013 or lists it in invaliduser', async () => {
  const e1 = await failure(client().sendTextCard('nobody', card));
  expect(e1).toMatchObject({ type: PERMANENT_FAILURE, nonRetryable: true });
  expect(e1.message).toContain('81013');
  wecom.unknownMember = 'invaliduser';
  const e2 = await failure(client().sendTextCard('nobody', card));
  expect(e2).toMatchObject({ type: PERMANENT_FAILURE, nonRetryable: true, message: expect.stringContaining('nobody') });
  expect(wecom.sent).toHaveLength(0);
});

test('a wrong agentid is permanent; a busy system (-1) is retryable', async () => {
  const wrong = await failure(client(clock(), { agentId: 1000009 }).sendTextCard('zhangsan', card));
  expect(wrong).toMatchObject({ type: PERMANENT_FAILURE, message: expect.stringContaining('40056') });
  wecom.failNext = [-1];
  const busy = await failure(client().sendTextCard('zhangsan', card));
  expect(busy.type).not.toBe(PERMANENT_FAILURE);
  expect(busy.message).toContain('系统繁忙');
});

test('a 45009 answer is retryable and keeps the client away from WeCom until the back-off ends', async () => {
  const k = clock();
  const c = client(k);
  wecom.failNext = [45009];
  const limited = await failure(c.sendTextCard('zhangsan', card));
  expect(limited.type).not.toBe(PERMANENT_FAILURE);
  const calls = wecom.requests.length;
  const held = await failure(c.sendTextCard('lisi', card)); // during the back-off: not even asked
  expect(held.type).not.toBe(PERMANENT_FAILURE);
  expect(wecom.requests).toHaveLength(calls);
  k.c.t += 60_000;
  await c.sendTextCard('lisi', card);
  expect(wecom.sent.map((m) => m.touser)).toEqual(['lisi']);
});

test('one member gets at most the per-minute limit: the next message waits for the window, others do not', async () => {
  const k = clock();
  const c = client(k, { perMemberPerMinute: 3 });
  const start = k.c.t;
  for (let i = 0; i < 3; i++) {
    await c.sendTextCard('zhangsan', card);
    k.c.t += 20_000; // at 0 s, 20 s and 40 s
  }
  await c.sendTextCard('lisi', card);
  expect(k.c.waited).toEqual([]);
  await c.sendTextCard('zhangsan', card); // at 60 s: the window has room again
  expect(k.c.waited).toEqual([]);
  await c.sendTextCard('zhangsan', card); // at 60 s: 3 within the last minute, the oldest at 20 s
  expect(k.c.waited).toEqual([20_000]);
  expect(k.c.t - start).toBe(80_000);
  expect(wecom.sent.filter((m) => m.touser === 'zhangsan')).toHaveLength(5);
});

test('a wait longer than the client may hold a send is left to the activity’s retry', async () => {
  const k = clock();
  const c = client(k, { perMemberPerMinute: 2, maxWaitMs: 30_000 });
  await c.sendTextCard('zhangsan', card);
  await c.sendTextCard('zhangsan', card);
  const held = await failure(c.sendTextCard('zhangsan', card)); // the window frees in 60 s
  expect(held.type).not.toBe(PERMANENT_FAILURE);
  expect(held.message).toContain('一分钟内消息已达上限');
  expect(wecom.sent).toHaveLength(2);
});

test('a wrong secret is retryable (mended in the settings) and neither the secret nor a token shows in any error', async () => {
  const bad = await failure(
    new WecomClient({ corpId: wecom.corpId, secret: 'wrong-secret-123', agentId: wecom.agentId, apiBase: wecom.base }).sendTextCard(
      'zhangsan',
      card,
    ),
  );
  expect(bad.type).not.toBe(PERMANENT_FAILURE);
  expect(bad.message).toContain('40001');
  const down = await failure(
    new WecomClient({ corpId: wecom.corpId, secret: wecom.secret, agentId: wecom.agentId, apiBase: 'http://127.0.0.1:1' }).sendTextCard(
      'zhangsan',
      card,
    ),
  );
  for (const e of [bad, down]) {
    expect(`${e.message} ${e.stack}`).not.toMatch(/wrong-secret-123|wecom-secret-never-logged|tok-|corpsecret|access_token=/);
  }
  expect(down.message).toContain('不可达');
});

test('settings come from the environment: none without a corpid, refused when half made, the private deployment’s base', () => {
  expect(wecomSettings({})).toBeUndefined();
  expect(() => wecomSettings({ DUBAN_WECOM_CORPID: 'ww1', DUBAN_WECOM_AGENTID: '1000002' })).toThrow('DUBAN_WECOM_SECRET');
  expect(() => wecomSettings({ DUBAN_WECOM_CORPID: 'ww1', DUBAN_WECOM_SECRET: 's', DUBAN_WECOM_AGENTID: 'app' })).toThrow('AgentId');
  expect(wecomSettings({ DUBAN_WECOM_CORPID: 'ww1', DUBAN_WECOM_SECRET: 's', DUBAN_WECOM_AGENTID: '1000002' })).toMatchObject({
    apiBase: 'https://qyapi.weixin.qq.com',
    agentId: 1000002,
  });
  expect(
    wecomSettings({
      DUBAN_WECOM_CORPID: 'ww1',
      DUBAN_WECOM_SECRET: 's',
      DUBAN_WECOM_AGENTID: '1',
      DUBAN_WECOM_API_BASE: 'https://zwwx.gd.gov.cn/',
    }),
  ).toMatchObject({ apiBase: 'https://zwwx.gd.gov.cn' });
});
