// SMS providers behind one interface: a development file, a generic webhook, and Tencent Cloud SMS
// (template based, through its official SDK). Credentials come from the environment only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import { maskMobile } from '../../domain/notices/sms';
import type { NoticeStep } from '../../domain/notices/step-labels';
import { mkdirPrivate, PRIVATE_FILE_MODE } from '../../config/paths';

export interface Sms {
  key: string;
  mobile: string;
  step: NoticeStep;
  /** Free text for providers that take it. */
  text: string;
  /** Template variables for template-based providers. */
  params: string[];
}

export interface SmsProvider {
  readonly name: string;
  /** Returns the provider's message id. Throws a non-retryable PERMANENT_FAILURE when refused for good. */
  send(m: Sms): Promise<string>;
}

/** Development: one JSON line per message in a file under data/, mobile masked. */
export class FileSmsProvider implements SmsProvider {
  readonly name = 'file';
  constructor(private readonly file: string) {
    mkdirPrivate(path.dirname(file));
  }
  async send(m: Sms): Promise<string> {
    const line = JSON.stringify({ at: new Date().toISOString(), key: m.key, to: maskMobile(m.mobile), text: m.text }) + '\n';
    fs.appendFileSync(this.file, line, { mode: PRIVATE_FILE_MODE });
    return `file:${m.key}`;
  }
}

/** A generic HTTP webhook: POST JSON, signed with HMAC-SHA256 of the body in X-Duban-Signature. */
export class WebhookSmsProvider implements SmsProvider {
  readonly name = 'webhook';
  constructor(private readonly o: { url: string; secret: string }) {}
  async send(m: Sms): Promise<string> {
    const body = JSON.stringify({ key: m.key, mobile: m.mobile, text: m.text, params: m.params, step: m.step });
    const signature = crypto.createHmac('sha256', this.o.secret).update(body).digest('hex');
    const res = await fetch(this.o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-duban-signature': signature, 'idempotency-key': m.key },
      body,
    });
    if (res.status >= 400 && res.status < 500 && res.status !== 429)
      throw ApplicationFailure.nonRetryable(`短信网关拒收（HTTP ${res.status}）`, PERMANENT_FAILURE);
    if (!res.ok) throw new Error(`SMS webhook answered HTTP ${res.status}`);
    return ((await res.json().catch(() => ({}))) as { id?: string }).id ?? m.key;
  }
}

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  /** Template id per notice step (each template approved by Tencent with five {n} variables). */
  templates: Partial<Record<NoticeStep, string>>;
  region?: string;
  /** An HTTP proxy to reach Tencent through (also how tests put a local server in Tencent's place). */
  proxy?: string;
  /** "https://" unless a test says otherwise. */
  protocol?: string;
}

/** Tencent Cloud SMS (SendSms, API 2021-01-11, TC3-HMAC-SHA256 signed by the official SDK). */
export class TencentSmsProvider implements SmsProvider {
  readonly name = 'tencent';
  private readonly client: InstanceType<typeof sms.v20210111.Client>;

  constructor(private readonly c: TencentSmsConfig) {
    this.client = new sms.v20210111.Client({
      credential: { secretId: c.secretId, secretKey: c.secretKey },
      region: c.region ?? 'ap-guangzhou',
      profile: {
        httpProfile: {
          endpoint: 'sms.tencentcloudapi.com',
          reqTimeout: 30,
          ...(c.protocol ? { protocol: c.protocol } : {}),
          ...(c.proxy ? { proxy: c.proxy } : {}),
        },
      },
    });
  }

  async send(m: Sms): Promise<string> {
    const templateId = this.c.templates[m.step];
    if (!templateId) throw ApplicationFailure.nonRetryable(`未配置“${m.step}”的短信模板`, PERMANENT_FAILURE);
    let res;
    try {
      res = await this.client.SendSms({
        PhoneNumberSet: [m.mobile.startsWith('+') ? m.mobile : `+86${m.mobile}`],
        SmsSdkAppId: this.c.sdkAppId,
        SignName: this.c.signName,
        TemplateId: templateId,
        TemplateParamSet: m.params,
        SessionContext: m.key,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      // Bad credentials, parameters or templates will not heal by retrying; throttling and outages will.
      if (
        /^(AuthFailure|InvalidParameter|UnauthorizedOperation|UnsupportedOperation|FailedOperation\.(Template|Sign|PhoneNumber))/.test(code)
      ) {
        throw ApplicationFailure.nonRetryable(`短信发送被拒绝：${code}`, PERMANENT_FAILURE);
      }
      throw err;
    }
    const status = res.SendStatusSet?.[0];
    if (!status || status.Code !== 'Ok') {
      throw ApplicationFailure.nonRetryable(
        `短信发送被拒绝：${status?.Code ?? '无返回'} ${status?.Message ?? ''}`.trim(),
        PERMANENT_FAILURE,
      );
    }
    return status.SerialNo ?? m.key;
  }
}
