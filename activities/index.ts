// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { allSinks, createNoticeActivities, logNoticeSink, NoticeSink } from './notices';
import { noticeIdentity } from '../config/mail';
import { DigestingSink, NOTICE_PACING } from './channels/digest-sink';
import { OutboxSender, TellObligation } from './channels/outbox-sender';
import { openChannels } from './channels/registry';
import { reportLink } from './links/signed-links';
import type { Notice } from '../domain/obligation/notice';
import { createReportActivities } from './reports/activities';
import { createLedgerActivities } from './ledger';
import { createFollowerActivities } from './followers';
import type { Client } from '@temporalio/client';
import type { ReportStore } from '../store/report-store';
import { openStores, Stores } from '../store/from-env';
import { DocumentIssuer } from './documents/issuer';
import type { ContactLookup } from '../domain/notices/current-contacts';
import { directoryContacts } from './contacts/directory-contacts';
import { directoryFile } from '../config/directory-file';

export interface ActivityDeps {
  notices: NoticeSink;
  reports: ReportStore;
  /** A client of the worker's own server, for activities that read workflows (the plan's ledger). */
  temporal?: () => Client;
  /** The sender of queued notices (when channels are configured), given how to tell an obligation. */
  sender?: (tell: TellObligation) => OutboxSender;
  /** The directory's current contacts, over the chain each obligation started with. */
  contacts?: ContactLookup;
  /** Issues the 公文 the mail of a 督办 or 通报 carries; told the worker's client when the activities are made. */
  documents?: DocumentIssuer;
}

/**
 * The worker's defaults: the log always; every channel configured in the environment (e-mail when SMTP_URL
 * is set, SMS next to it through DUBAN_SMS_PROVIDER, …); the store from DUBAN_DATABASE_URL or the data folder
 * (opened here unless given).
 */
export async function defaultActivityDeps(env: NodeJS.ProcessEnv = process.env, given?: Stores): Promise<ActivityDeps> {
  const stores = given ?? (await openStores(env));
  const reports = stores.reports;
  // Each notice links to the unit's report page when the portal's address and link secret are configured.
  const portal = env.DUBAN_PORTAL_URL;
  const secret = env.DUBAN_LINK_SECRET;
  const versions = stores.linkVersions;
  const linkFor =
    portal && secret
      ? async (n: Notice) => reportLink(portal, n.unitCode, n.due, secret, { version: await versions.of(n.unitCode) })
      : undefined;
  const identity = noticeIdentity(env);
  const documents = new DocumentIssuer({
    numbers: () => stores.documentNumbers(),
    fallbackIssuer: identity.issuer,
    contact: identity.contact,
  });
  const channels = openChannels({
    env,
    deliveryLog: () => stores.deliveries().log,
    linkFor,
    portalUrl: portal || undefined,
    documentFor: (n) => documents.forNotice(n),
    ...identity,
  });
  // Only where the office names its directory: a worker serving plans of several directories keeps each frozen chain.
  const contacts = env.DUBAN_DIRECTORY ? directoryContacts(directoryFile(env)) : undefined;
  if (channels.length === 0) return { notices: logNoticeSink, reports, ...(contacts ? { contacts } : {}) };
  for (const c of channels) console.log(`[worker] ${c.description}`);
  console.log(`[worker] 投递记录在 ${stores.where}`);
  // Notices to one person at one send time are merged after a short collection window.
  const waitMs = Number(env.DUBAN_DIGEST_WAIT_MS ?? 5000);
  const outbox = stores.deliveries().outbox;
  // A channel in trouble is tried again after this pause, doubling up to 5 min (DUBAN_NOTICE_RETRY_MS, default 30 s).
  const retryMs = Number(env.DUBAN_NOTICE_RETRY_MS) || NOTICE_PACING.initialMs;
  const pacing = { ...NOTICE_PACING, initialMs: Math.min(Math.max(retryMs, 100), NOTICE_PACING.maxMs) };
  const digest = new DigestingSink({ outbox, channels, waitMs, pacing });
  const sender = (tell: TellObligation) => new OutboxSender({ outbox, sink: digest, tell });
  return { notices: allSinks(logNoticeSink, digest), reports, sender, documents, ...(contacts ? { contacts } : {}) };
}

export function createActivities(deps: Omit<ActivityDeps, 'sender'>) {
  if (deps.temporal) deps.documents?.connect(deps.temporal);
  return {
    ...createNoticeActivities(deps),
    ...createReportActivities(deps),
    ...createLedgerActivities(deps),
    ...createFollowerActivities(deps),
  };
}
