// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createReminderActivities, logReminderSink, ReminderSink } from './reminders';
import { createNoticeActivities, logNoticeSink, NoticeSink } from './notices';
import { allSinks, MailNoticeSink } from './mail/mail-sink';
import { DeliveryLog } from './mail/delivery-log';
import { Mailer } from './mail/mailer';
import { mailSettings, redactedUrl } from '../config/mail';

export interface ActivityDeps {
  sink: ReminderSink;
  notices: NoticeSink;
}

/** The worker's defaults: the log always; e-mail too when SMTP_URL is set. */
export function defaultActivityDeps(env: NodeJS.ProcessEnv = process.env): ActivityDeps {
  const mail = mailSettings(env);
  if (!mail) return { sink: logReminderSink, notices: logNoticeSink };
  const mailer = new Mailer({ url: mail.url, from: mail.from, replyTo: mail.replyTo }, new DeliveryLog(mail.deliveryLog));
  console.log(`[worker] 邮件经 ${redactedUrl(mail.url)} 发送，投递记录 ${mail.deliveryLog}`);
  return { sink: logReminderSink, notices: allSinks(logNoticeSink, new MailNoticeSink({ mailer, context: { contact: mail.contact, issuer: mail.issuer } })) };
}

export function createActivities(deps: ActivityDeps) {
  return { ...createReminderActivities(deps), ...createNoticeActivities(deps) };
}
