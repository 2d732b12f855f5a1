// 政务微信 / 企业微信 settings from the environment only (the secret never from the repository, never logged).

export interface WecomSettings {
  corpId: string;
  /** The application's secret: sent to gettoken only, never logged. */
  secret: string;
  agentId: number;
  /** https://qyapi.weixin.qq.com, or a private deployment's own address (粤政易 on 政务微信). */
  apiBase: string;
}

export const WECOM_DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';

/** Undefined when DUBAN_WECOM_CORPID is not set; a half-made configuration stops the worker with its reason. */
export function wecomSettings(env: NodeJS.ProcessEnv = process.env): WecomSettings | undefined {
  if (!env.DUBAN_WECOM_CORPID) return undefined;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`企业微信配置缺少环境变量 ${name}`);
    return v;
  };
  const agent = need('DUBAN_WECOM_AGENTID');
  if (!/^\d{1,10}$/.test(agent)) throw new Error(`DUBAN_WECOM_AGENTID 应为企业微信应用的数字 AgentId（现为 “${agent}”）`);
  const apiBase = (env.DUBAN_WECOM_API_BASE || WECOM_DEFAULT_API_BASE).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+/.test(apiBase)) throw new Error(`DUBAN_WECOM_API_BASE 应为 http(s) 地址（现为 “${apiBase}”）`);
  return { corpId: env.DUBAN_WECOM_CORPID, secret: need('DUBAN_WECOM_SECRET'), agentId: Number(agent), apiBase };
}
