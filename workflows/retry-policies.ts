// How workflows retry their activities: mail, SMS and ledger reads wait for a server that is down until it
// is back; the report store is local and comes back quickly.
import type { RetryPolicy } from '@temporalio/common';

/** 30 s doubling up to 30 min, for as long as it takes. */
export const UNTIL_BACK: RetryPolicy = { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' };

/** A notice: bounded attempts (about a day); the workflow then pauses and starts over, so nothing is dropped. */
export const NOTICE_ROUND: RetryPolicy = { ...UNTIL_BACK, maximumAttempts: 60 };

/** Storing a report (text sent by older clients): 5 s doubling up to 5 min. */
export const REPORT_STORE: RetryPolicy = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' };

/** Telling a round of a change (a signal through the worker's client): 1 s doubling up to 1 min, until it is told. */
export const TELL: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };
