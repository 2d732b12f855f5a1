// Mail settings from the environment. Secrets (the SMTP password inside SMTP_URL) never come from the repo.

export interface MailSettings {
  url: string;
  from: string;
  replyTo?: string;
  contact: string;
  issuer: string;
}

/** Who signs every notice, on every channel, and the contact line at its foot. */
export function noticeIdentity(env: NodeJS.ProcessEnv = process.env): { issuer: string; contact: string } {
  return { issuer: env.DUBAN_ISSUER || '江门市司法局', contact: env.DUBAN_BUREAU_CONTACT || '市司法局行政执法协调监督科' };
}

/** Undefined when SMTP_URL is not set: notices then go to the worker's log only. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): MailSettings | undefined {
  if (!env.SMTP_URL) return undefined;
  return {
    url: env.SMTP_URL,
    from: env.DUBAN_MAIL_FROM || '江门市司法局 <duban@example.org>',
    replyTo: env.DUBAN_MAIL_REPLY_TO || undefined,
    ...noticeIdentity(env),
  };
}

/** SMTP_URL with its password masked, for logs. */
export function redactedUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
