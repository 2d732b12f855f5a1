// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createNoticeActivities, logNoticeSink, NoticeSink } from './notices';
import { allSinks, MailNoticeSink } from './mail/mail-sink';
import { DeliveryLog } from './mail/delivery-log';
import { Mailer } from './mail/mailer';
import { mailSettings, redactedUrl } from '../config/mail';
import { smsProvider } from './sms/from-env';
import { SmsNoticeSink } from './sms/sms-sink';
import { BatchSink, DigestingSink } from './digest-sink';
import { Outbox } from './mail/outbox';
import { reportsDir } from '../config/paths';
import { ReportStore } from './reports/report-store';
import { reportLink } from './links/signed-links';
import { LinkVersions, linkVersionsFile } from './links/link-versions';
import type { Notice } from '../domain/obligation/notice';
import { createReportActivities } from './reports/activities';
import { createLedgerActivities } from './ledger';
import type { Client } from '@temporalio/client';

export interface ActivityDeps {
  notices: NoticeSink;
  reports: ReportStore;
  /** A client of the worker's own server, for activities that read workflows (the plan's ledger). */
  temporal?: () => Client;
}

/** The worker's defaults: the log always; e-mail when SMTP_URL is set; SMS through DUBAN_SMS_PROVIDER. */
export function defaultActivityDeps(env: NodeJS.ProcessEnv = process.env): ActivityDeps {
  const reports = new ReportStore(reportsDir(env));
  const mail = mailSettings(env);
  if (!mail) return { notices: logNoticeSink, reports };
  const deliveries = new DeliveryLog(mail.deliveryLog);
  const mailer = new Mailer({ url: mail.url, from: mail.from, replyTo: mail.replyTo }, deliveries);
  console.log(`[worker] 邮件经 ${redactedUrl(mail.url)} 发送，投递记录 ${mail.deliveryLog}`);
  // Each notice links to the unit's report page when the portal's address and link secret are configured.
  const portal = env.DUBAN_PORTAL_URL;
  const secret = env.DUBAN_LINK_SECRET;
  const versions = new LinkVersions(linkVersionsFile(env));
  const linkFor = portal && secret ? (n: Notice) => reportLink(portal, n.unitCode, n.due, secret, { version: versions.of(n.unitCode) }) : undefined;
  const senders: BatchSink[] = [new MailNoticeSink({ mailer, context: { contact: mail.contact, issuer: mail.issuer }, linkFor })];
  const sms = smsProvider(env);
  if (sms) {
    console.log(`[worker] 短信经 ${sms.name} 发送`);
    senders.push(new SmsNoticeSink({ provider: sms, log: deliveries, signature: mail.issuer }));
  }
  // Notices to one person at one send time are merged after a short collection window.
  const waitMs = Number(env.DUBAN_DIGEST_WAIT_MS ?? 5000);
  const digest = new DigestingSink({ outbox: new Outbox(deliveries.db), senders, waitMs });
  return { notices: allSinks(logNoticeSink, digest), reports };
}

export function createActivities(deps: ActivityDeps) {
  return { ...createNoticeActivities(deps), ...createReportActivities(deps), ...createLedgerActivities(deps) };
}
