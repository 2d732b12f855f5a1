// The e-mail channel from the environment: configured when SMTP_URL is set.
import type { ChannelKind } from '../../activities/channels/channel';
import { mailSettings, redactedUrl } from '../../config/mail';
import { Mailer } from '../../activities/mail/mailer';
import { MailNoticeSink, reachesByEmail } from '../../activities/mail/mail-sink';

export const mailChannel: ChannelKind = {
  name: 'email',
  reaches: reachesByEmail,
  open(ctx) {
    const mail = mailSettings(ctx.env);
    if (!mail) return undefined;
    return new MailNoticeSink({
      mailer: new Mailer({ url: mail.url, from: mail.from, replyTo: mail.replyTo }, ctx.deliveryLog()),
      context: { contact: ctx.contact, issuer: ctx.issuer },
      linkFor: ctx.linkFor,
      documentFor: ctx.documentFor,
      description: `邮件经 ${redactedUrl(mail.url)} 发送`,
    });
  },
};
