// SMS settings from the environment: which provider, and its credentials (never from the repository).
import path from 'node:path';
import type { NoticeStep } from '../../domain/notices/step-labels';
import { FileSmsProvider, SmsProvider, TencentSmsProvider, WebhookSmsProvider } from '../../activities/sms/providers';
import { dataDir } from '../../config/paths';
import { mailSettings } from '../../config/mail';
import type { ChannelKind } from '../../activities/channels/channel';
import { reachesByMobile, SmsNoticeSink } from '../../activities/sms/sms-sink';

/**
 * The SMS channel: only next to mail, since the people a notice copies, and the items of a digest SMS
 * (详见邮件), are told by mail.
 */
export const smsChannel: ChannelKind = {
  name: 'sms',
  reaches: reachesByMobile,
  open(ctx) {
    if (!mailSettings(ctx.env)) return undefined;
    const provider = smsProvider(ctx.env);
    return provider && new SmsNoticeSink({ provider, log: ctx.deliveryLog(), signature: ctx.issuer });
  },
};

/**
 * DUBAN_SMS_PROVIDER = file (default: data/sms.log) | webhook | tencent | none.
 *   webhook: DUBAN_SMS_WEBHOOK_URL, DUBAN_SMS_WEBHOOK_SECRET
 *   tencent: TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, DUBAN_TENCENT_SMS_APP_ID, DUBAN_TENCENT_SMS_SIGN,
 *            DUBAN_TENCENT_SMS_TEMPLATES ("reminder=1234567,催办=1234568,督办=…,通报=…")
 */
export function smsProvider(env: NodeJS.ProcessEnv = process.env): SmsProvider | undefined {
  const kind = env.DUBAN_SMS_PROVIDER || 'file';
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`短信服务配置缺少环境变量 ${name}`);
    return v;
  };
  switch (kind) {
    case 'none':
      return undefined;
    case 'file':
      return new FileSmsProvider(path.join(dataDir(env), 'sms.log'));
    case 'webhook':
      return new WebhookSmsProvider({ url: need('DUBAN_SMS_WEBHOOK_URL'), secret: need('DUBAN_SMS_WEBHOOK_SECRET') });
    case 'tencent':
      return new TencentSmsProvider({
        secretId: need('TENCENTCLOUD_SECRET_ID'),
        secretKey: need('TENCENTCLOUD_SECRET_KEY'),
        sdkAppId: need('DUBAN_TENCENT_SMS_APP_ID'),
        signName: need('DUBAN_TENCENT_SMS_SIGN'),
        templates: parseTemplates(need('DUBAN_TENCENT_SMS_TEMPLATES')),
        region: env.DUBAN_TENCENT_SMS_REGION,
        proxy: env.DUBAN_TENCENT_SMS_PROXY,
      });
    default:
      throw new Error(`未知的短信服务 DUBAN_SMS_PROVIDER=${kind}（可选 file、webhook、tencent、none）`);
  }
}

export function parseTemplates(spec: string): Partial<Record<NoticeStep, string>> {
  return Object.fromEntries(spec.split(',').map((pair) => pair.split('=').map((s) => s.trim()) as [NoticeStep, string]));
}
