// What an SMTP error means for a notice. Only a refusal of the recipient (RCPT TO answered 5xx) is permanent:
// no retry reaches a mailbox that does not exist. A refused login or other configuration trouble (530, 534,
// 535, 538, any 5.7.x enhanced code, nodemailer's EAUTH) is the operator's to mend, like an outage: the notice
// stays queued and is retried, and the worker's log says what to fix. Everything else (down, timeouts, 4xx, a
// refused message) is retried too.

export type SmtpTrouble = 'recipient-refused' | 'configuration' | 'transient';

export interface SmtpErrorFields {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

const AUTH_CODES = new Set([530, 534, 535, 538]);

export function smtpTrouble(e: SmtpErrorFields): SmtpTrouble {
  const text = `${e.response ?? ''} ${e.message}`;
  if (e.code === 'EAUTH' || (e.responseCode !== undefined && AUTH_CODES.has(e.responseCode)) || /\b5\.7\.\d{1,3}\b/.test(text))
    return 'configuration';
  if (e.command === 'RCPT TO' && e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600) return 'recipient-refused';
  return 'transient';
}

/** One Chinese line for the worker's log: what the server said and what the operator can do. */
export function configurationTroubleMessage(e: SmtpErrorFields): string {
  const said = (e.response ?? e.message).replace(/\s+/g, ' ').slice(0, 200);
  return `邮件服务器拒绝登录或发信（${said}）：请检查 SMTP_URL 中的账号、密码与发件人设置；通知留在队列中，修正后自动补发`;
}
