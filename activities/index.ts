// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createNoticeActivities, NoticeSink } from './notices';
import type { OutboxSender, TellObligation } from './channels/outbox-sender';
import { createReportActivities } from './reports/activities';
import { createLedgerActivities } from './annual-summary';
import { createFollowerActivities } from './followers';
import type { Client } from '@temporalio/client';
import type { ReportStore } from '../store/report-store';
import type { DocumentIssuer } from './documents/issuer';
import type { ContactLookup } from '../domain/notices/current-contacts';

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

export function createActivities(deps: Omit<ActivityDeps, 'sender'>) {
  if (deps.temporal) deps.documents?.connect(deps.temporal);
  return {
    ...createNoticeActivities(deps),
    ...createReportActivities(deps),
    ...createLedgerActivities(deps),
    ...createFollowerActivities(deps),
  };
}
