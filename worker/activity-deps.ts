// The worker's wiring of the activities from its environment: channels, store, links, directory.
import { PrepareAhead } from '../activities/channels/prepare-ahead';
import { allSinks, logNoticeSink } from '../activities/notices';
import { noticeIdentity } from '../config/mail';
import { DigestingSink, NOTICE_PACING } from '../activities/channels/digest-sink';
import { OutboxSender, TellObligation } from '../activities/channels/outbox-sender';
import { openChannels } from './channels/registry';
import { reportLink } from '../store/links/signed-links';
import type { Notice } from '../domain/obligation/notice';
import { openStores, Stores } from '../store/from-env';
import { DocumentIssuer } from '../activities/documents/issuer';
import { directoryContacts } from '../activities/contacts/directory-contacts';
import { directoryFile } from '../config/directory-file';
import type { ActivityDeps } from '../activities';

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
  // The 督办通知书 of the notices due in the next minutes are written before their instant.
  const ahead = new PrepareAhead({
    outbox,
    prepare: (n, readyAtMs) => documents.prepare(n, readyAtMs),
    warn: (m) => console.warn(`[worker] ${m}`),
  });
  const digest = new DigestingSink({ outbox, channels, waitMs, pacing, ahead });
  const sender = (tell: TellObligation) => new OutboxSender({ outbox, sink: digest, tell, ahead, documents });
  return { notices: allSinks(logNoticeSink, digest), reports, sender, documents, ...(contacts ? { contacts } : {}) };
}
