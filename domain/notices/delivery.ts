import type { Notice } from '../obligation/notice';

/** Failure type of a delivery the server refused for good (bad address, rejected recipient): never retried. */
export const PERMANENT_FAILURE = 'PermanentDeliveryFailure';

/**
 * What became of a notice handed to the worker: queued for its sender (the obligation is told later only of a
 * refusal or a stall), delivered at once (sinks that record or log), or to be sent by the notice activity
 * (sinks that can only deliver while the obligation waits).
 */
export type Handover = 'queued' | 'delivered' | 'direct';

/** What the worker's sender tells an obligation of one of its queued notices. */
export interface NoticeOutcome {
  /** The notice as it was queued (the report of a refusal is built from it). */
  notice: Notice;
  outcome: 'refused' | 'stalled';
  reason: string;
}
