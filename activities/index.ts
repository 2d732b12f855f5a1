// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createNoticeActivities, logNoticeSink, NoticeSink } from './notices';
import { allSinks, MailNoticeSink } from './mail/mail-sink';
import { Mailer } from './mail/mailer';
import { mailSettings, redactedUrl } from '../config/mail';
import { smsProvider } from './sms/from-env';
import { SmsNoticeSink } from './sms/sms-sink';
import { BatchSink, DigestingSink } from './digest-sink';
import { reportLink } from './links/signed-links';
import type { Notice } from '../domain/obligation/notice';
import { createReportActivities } from './reports/activities';
import { createLedgerActivities } from './ledger';
import type { Client } from '@temporalio/client';
import type { ReportStore } from '../store/report-store';
import { openStores, Stores } from '../store/from-env';

export interface ActivityDeps {
  notices: NoticeSink;
  reports: ReportStore;
  /** A client of the worker's own server, for activities that read workflows (the plan's ledger). */
  temporal?: () => Client;
}

/**
 * The worker's defaults: the log always; e-mail when SMTP_URL is set; SMS through DUBAN_SMS_PROVIDER; the
 * store from DUBAN_DATABASE_URL or the data folder (opened here unless given).
 */
export async function defaultActivityDeps(env: NodeJS.ProcessEnv = process.env, given?: Stores): Promise<ActivityDeps> {
  const stores = given ?? (await openStores(env));
  const reports = stores.reports;
  const mail = mailSettings(env);
  if (!mail) return { notices: logNoticeSink, reports };
  const { log: deliveries, outbox } = stores.deliveries();
  const mailer = new Mailer({ url: mail.url, from: mail.from, replyTo: mail.replyTo }, deliveries);
  console.log(`[worker] 邮件经 ${redactedUrl(mail.url)} 发送，投递记录在 ${stores.where}`);
  // Each notice links to the unit's report page when the portal's address and link secret are configured.
  const portal = env.DUBAN_PORTAL_URL;
  const secret = env.DUBAN_LINK_SECRET;
  const versions = stores.linkVersions;
  const linkFor =
    portal && secret
      ? async (n: Notice) => reportLink(portal, n.unitCode, n.due, secret, { version: await versions.of(n.unitCode) })
      : undefined;
  const senders: BatchSink[] = [new MailNoticeSink({ mailer, context: { contact: mail.contact, issuer: mail.issuer }, linkFor })];
  const sms = smsProvider(env);
  if (sms) {
    console.log(`[worker] 短信经 ${sms.name} 发送`);
    senders.push(new SmsNoticeSink({ provider: sms, log: deliveries, signature: mail.issuer }));
  }
  // Notices to one person at one send time are merged after a short collection window.
  const waitMs = Number(env.DUBAN_DIGEST_WAIT_MS ?? 5000);
  const digest = new DigestingSink({ outbox, senders, waitMs });
  return { notices: allSinks(logNoticeSink, digest), reports };
}

export function createActivities(deps: ActivityDeps) {
  return { ...createNoticeActivities(deps), ...createReportActivities(deps), ...createLedgerActivities(deps) };
}
