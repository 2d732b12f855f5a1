// The one seam every way of reaching a person goes through (mail, SMS, …). A channel says whether it can reach an
// addressee from the contact data the directory holds, renders and sends what a batch of notices owes (each
// send under an idempotency key, recorded per key and channel in the delivery log, so a retry never sends it
// again), and tells a refusal that cannot heal (permanent: never retried) from trouble a retry may mend.
import crypto from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Addressee, Notice } from '../../domain/obligation/notice';
import type { Compilation } from '../../domain/obligation/compilation';
import type { AnnualSummary } from '../../domain/obligation/annual';
import { PERMANENT_FAILURE } from '../../domain/notices/delivery';
import type { DeliveryLog } from '../../store/delivery-log';

/** Reasons, by notice key, that a channel refused notices for good. */
export type Refusals = Map<string, string>;

export type FailureKind = 'permanent' | 'retryable';

export interface Channel {
  /** The name notices, metrics and the delivery log use: email, sms, … */
  readonly name: string;
  /** One Chinese line for the worker's log at start (never a secret). */
  readonly description: string;
  /** Whether the addressee's contact data lets this channel reach them. */
  reaches(a: Addressee): boolean;
  /**
   * Sends what is still owed of these notices (skipping what the delivery log already has) and returns the
   * notices refused for good. Throws only for trouble a retry can mend; what went out before stays recorded.
   */
  deliverBatch(ns: Notice[]): Promise<Refusals>;
  /** Documents (the 汇总, the annual summary): only channels that can carry them. */
  deliverCompilation?(c: Compilation): Promise<void>;
  deliverAnnualSummary?(a: AnnualSummary): Promise<void>;
  /** Lets go of connections kept open (the mail pool) when the worker stops. */
  close?(): void;
}

/** What a channel may use when the worker opens it: its settings, the delivery log, the report links. */
export interface ChannelContext {
  env: NodeJS.ProcessEnv;
  /** Opened on first use: a worker without channels never creates it. */
  deliveryLog(): DeliveryLog;
  /** The signed link to the unit's report page, when the portal is configured. */
  linkFor?: (n: Notice) => Promise<string | undefined>;
  /** The portal's public address (DUBAN_PORTAL_URL), when configured. */
  portalUrl?: string;
  /** Signature of every notice (江门市司法局) and the bureau's contact line. */
  issuer: string;
  contact: string;
  /** The 公文 a notice's mail carries (a 督办 its 督办通知书, a 通报 its round's 通报), when documents are issued. */
  documentFor?: (n: Notice) => Promise<{ fileName: string; content: Buffer } | undefined>;
}

/** A kind of channel: opened from the environment, or undefined when it is not configured. */
export interface ChannelKind {
  readonly name: string;
  reaches(a: Addressee): boolean;
  open(ctx: ChannelContext): Channel | undefined;
}

/** The failure a channel throws for a refusal no retry mends (bad address, unknown user). */
export const permanentFailure = (message: string, details?: unknown): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, PERMANENT_FAILURE, ...(details === undefined ? [] : [details]));

export const isPermanent = (err: unknown): err is ApplicationFailure => err instanceof ApplicationFailure && err.type === PERMANENT_FAILURE;

export const failureKind = (err: unknown): FailureKind => (isPermanent(err) ? 'permanent' : 'retryable');

/** A notice without channels may use any; one with channels (an undeliverable report: mail) only those. */
export const allows = (n: Notice, channel: string): boolean => !n.channels || n.channels.includes(channel);

/**
 * The notice with the channels it goes out on: those configured that it allows and that reach one of its
 * addressees (no mobile in the directory: no SMS).
 */
export function routed(n: Notice, channels: readonly Pick<Channel, 'name' | 'reaches'>[]): Notice {
  return { ...n, channels: channels.filter((c) => allows(n, c.name) && n.to.some((a) => c.reaches(a))).map((c) => c.name) };
}

/** A digest's key derives from its members' keys, so the same members are never sent twice. */
export const digestKey = (ns: Pick<Notice, 'key'>[]): string =>
  `digest/${crypto
    .createHash('sha256')
    .update(
      ns
        .map((n) => n.key)
        .sort()
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 32)}`;
