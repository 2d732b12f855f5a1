// How the worker's sender tells an obligation what became of a queued notice: a signal through the worker's
// own client. An obligation that has closed since (accepted, cancelled) has nothing left to record.
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { TellObligation } from '../activities/channels/outbox-sender';
import { noticeOutcome } from '../domain/contract/messages';

export function tellObligation(client: () => Client): TellObligation {
  return async ({ workflowId, notice, outcome, reason }) => {
    try {
      await client().workflow.getHandle(workflowId).signal(noticeOutcome, { notice, outcome, reason });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  };
}
