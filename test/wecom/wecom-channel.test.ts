// The WeCom channel as the worker wires it from the environment, through the digest sink: a notice reaches
// mail and WeCom with one delivery record per channel, a retry sends nothing again, a person without a WeCom
// id gets none, several notices to one member at one send time are one text card, and a member WeCom does not
// know fails the notice for good (the bureau is told, as for a refused address).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { createActivities } from '../../activities/index';
import { defaultActivityDeps } from '../../worker/activity-deps';
import { openStores, Stores } from '../../store/from-env';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice, Notice } from '../../domain/obligation/notice';
import { planRunSpec } from '../../domain/obligation/spec';
import type { OutboxTelling } from '../../store/outbox';
import type { OutboxSender } from '../../activities/channels/outbox-sender';
import { TestSmtp } from '../helpers/smtp';
import { TestWecom } from '../helpers/wecom-server';
import { loadShipped } from '../helpers/plan-files';

const specs = new Map(planRunSpec(loadShipped()).rounds.flatMap((r) => r.obligations.map((o) => [o.id, o])));
const opened = DateTime.fromISO('2024-06-01T00:00+08:00').toMillis();
/** A notice of the 2024 plan, its addressee given a WeCom id (or none). */
const notice = (id: string, step: 'reminder' | '督办', key: string, at: string, wecom?: string): Notice => {
  const spec = specs.get(id)!;
  const n = buildNotice(spec, initialState(spec, opened), { step, key, at }, `${id}/20241231.${key}`);
  return { ...n, to: n.to.map((a) => ({ ...a, ...(wecom ? { wecom } : {}) })) };
};
const remind7 = (id: string, wecom?: string) => notice(id, 'reminder', 'remind-7', '2024-12-20T09:00:00+08:00', wecom);

let smtp: TestSmtp;
let wecom: TestWecom;
let stores: Stores;
/** What the worker's sender told obligations (refusals). */
let told: OutboxTelling[];
let sender: OutboxSender;
let closeChannels: () => void;
/** The notice activity, then the worker's sender until the outbox is empty. */
let send: (n: Notice) => Promise<void>;

beforeEach(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  wecom = new TestWecom();
  await wecom.start();
  const env = {
    DUBAN_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-wecom-')),
    SMTP_URL: smtp.url,
    DUBAN_SMS_PROVIDER: 'none',
    DUBAN_PORTAL_URL: 'https://duban.example.gov.cn',
    DUBAN_LINK_SECRET: 'a-link-secret-of-32-characters!!',
    DUBAN_DIGEST_WAIT_MS: '200',
    DUBAN_WECOM_CORPID: wecom.corpId,
    DUBAN_WECOM_SECRET: wecom.secret,
    DUBAN_WECOM_AGENTID: String(wecom.agentId),
    DUBAN_WECOM_API_BASE: wecom.base,
  };
  stores = await openStores(env);
  const deps = await defaultActivityDeps(env, stores);
  const activities = createActivities(deps);
  told = [];
  sender = deps.sender!(async (t) => void told.push(t));
  closeChannels = () => deps.notices.close?.();
  send = async (n) => {
    await new MockActivityEnvironment().run(activities.sendNotice, n);
    await sender.drain();
  };
});
afterEach(async () => {
  closeChannels();
  await stores.close();
  await smtp.stop();
  await wecom.stop();
});

const log = () => stores.deliveries().log;

test('a notice reaches mail and WeCom, one delivery record per channel; a retry sends neither again', async () => {
  const n = remind7('jiangmen-2024.t1.annual.kaiping', 'zhangsan');
  await send(n);
  expect(smtp.messages).toHaveLength(1);
  expect(wecom.sent).toHaveLength(1);
  const card = wecom.sent[0];
  expect(card.touser).toBe('zhangsan');
  expect(card.textcard.title).toBe('【提醒】任务1 年度工作落实情况');
  expect(card.textcard.description).toContain('开平市');
  expect(card.textcard.description).toContain('截止 2024年12月31日（星期二）23:59，距截止还剩 8 个工作日');
  expect(card.textcard.url).toMatch(/^https:\/\/duban\.example\.gov\.cn\/u\/kaiping\?t=/);
  expect(smtp.messages[0].text).toContain(card.textcard.url); // the same link as the mail's
  expect(await log().accepted(n.key, 'email')).toBeDefined();
  expect(await log().accepted(n.key, 'wecom:zhangsan')).toMatchObject({ messageId: 'msg-1', recipients: 'zhangsan' });
  expect(await log().count('accepted')).toBe(2);

  await send(n); // the activity retried (the outbox has it already)
  expect(smtp.messages).toHaveLength(1);
  expect(wecom.sent).toHaveLength(1);
  expect(await log().count('accepted')).toBe(2);
});

test('a person without a WeCom id is told by mail only', async () => {
  const n = remind7('jiangmen-2024.t1.annual.taishan');
  await send(n);
  expect(smtp.messages).toHaveLength(1);
  expect(wecom.sent).toHaveLength(0);
  expect(wecom.requests).toHaveLength(0);
  expect(await log().count('accepted')).toBe(1);
});

test('three reminders to one member at 09:00 are one text card listing them', async () => {
  const ns = ['t1', 't2', 't3'].map((t) => remind7(`jiangmen-2024.${t}.annual.taishan`, 'lisi'));
  await Promise.all(ns.map(send));
  expect(wecom.sent).toHaveLength(1);
  const card = wecom.sent[0].textcard;
  expect(card.title).toBe('【提醒】台山市：3项报送事项');
  expect(card.description).toContain('1. 任务1 年度工作落实情况（台山市），12月31日截止');
  expect(card.description).toContain('3. 任务3');
  expect(card.url).toMatch(/\/u\/taishan\?t=/);
  for (const n of ns) expect(await log().accepted(n.key, 'wecom:lisi')).toMatchObject({ via: expect.stringMatching(/^digest\//) });
});

test('the supervisor’s 督办 of several units at one instant: one card opening the board, one mail per unit', async () => {
  const ns = ['kaiping', 'taishan'].map((u) =>
    notice(`jiangmen-2024.t1.annual.${u}`, '督办', 'supervise-3', '2025-01-06T09:00:00+08:00', 'wangwu'),
  );
  await Promise.all(ns.map(send));
  expect(wecom.sent).toHaveLength(1);
  expect(wecom.sent[0].textcard).toMatchObject({
    title: '【督办】开平市、台山市：2项报送事项',
    url: 'https://duban.example.gov.cn/board',
    btntxt: '查看看板',
  });
  expect(smtp.messages).toHaveLength(2); // each copied to its own unit's people
});

test('a member WeCom does not know fails the notice for good, after its mail went out: the obligation is told', async () => {
  const n = remind7('jiangmen-2024.t1.annual.enping', 'nobody');
  await send(n);
  expect(told).toEqual([expect.objectContaining({ key: n.key, outcome: 'refused', reason: expect.stringContaining('81013') })]);
  expect((await stores.deliveries().outbox.row(n.key))?.state).toBe('failed');
  expect(smtp.messages).toHaveLength(1);
  expect(await log().accepted(n.key, 'wecom:nobody')).toBeUndefined();
});
