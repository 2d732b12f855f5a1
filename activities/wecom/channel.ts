// The 政务微信 / 企业微信 channel: an application message (text card) to each addressee's WeCom user id from
// the directory (`wecom:`), once per key and member (delivery log, `wecom:<userid>`), with the unit's report
// link behind its button. Configured by DUBAN_WECOM_CORPID (see config/wecom.ts).
import type { Addressee, Notice } from '../../domain/obligation/notice';
import type { DeliveryLog } from '../../store/delivery-log';
import type { ChannelKind } from '../channels/channel';
import { AddresseeChannel } from '../channels/addressee-channel';
import { wecomSettings } from '../../config/wecom';
import { TextCard, WecomClient } from './client';
import { textCard } from './textcard';

export const reachesByWecom = (a: Addressee): boolean => Boolean(a.wecom);

export interface WecomSinkOptions {
  client: WecomClient;
  log: DeliveryLog;
  issuer: string;
  /** The portal's address: a card for several units opens the board. */
  portalUrl: string;
  linkFor?: (n: Notice) => Promise<string | undefined>;
  description?: string;
  now?: () => string;
}

export class WecomNoticeSink extends AddresseeChannel<TextCard> {
  constructor(o: WecomSinkOptions) {
    super(
      {
        name: 'wecom',
        label: '企业微信消息',
        provider: 'wecom',
        description: o.description ?? '企业微信应用消息',
        address: (a) => a.wecom || undefined,
        mask: (user) => user,
        render: async (ns) => {
          // One unit: its report page; several (a supervisor's 督办 of many units): the board.
          const one = new Set(ns.map((n) => n.unitCode)).size === 1;
          const link = one ? await o.linkFor?.(ns[0]) : undefined;
          const portal = o.portalUrl.replace(/\/+$/, '');
          return textCard(ns, {
            url: link ?? (one ? portal : `${portal}/board`),
            issuer: o.issuer,
            button: one ? '去报送' : '查看看板',
          });
        },
        send: (user, card) => o.client.sendTextCard(user, card),
      },
      o.log,
      o.now,
    );
  }
}

export const wecomChannel: ChannelKind = {
  name: 'wecom',
  reaches: reachesByWecom,
  open(ctx) {
    const s = wecomSettings(ctx.env);
    if (!s) return undefined;
    if (!ctx.portalUrl) throw new Error('企业微信文本卡片需要报送平台地址：请设置 DUBAN_PORTAL_URL');
    return new WecomNoticeSink({
      client: new WecomClient(s),
      log: ctx.deliveryLog(),
      issuer: ctx.issuer,
      portalUrl: ctx.portalUrl,
      linkFor: ctx.linkFor,
      description: `企业微信应用消息经 ${new URL(s.apiBase).host} 发送（应用 ${s.agentId}）`,
    });
  },
};
