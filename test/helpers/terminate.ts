// Ending a test's workflows before its Temporal server goes: every running workflow a visibility query finds is
// terminated (one that closes meanwhile is no error).
import type { Client } from '@temporalio/client';

/** `filter`: a visibility query to narrow it, e.g. DubanPlan = 'web-2026'; all running workflows without one. */
export async function terminateRunning(client: Client, filter?: string): Promise<void> {
  const query = filter ? `${filter} AND ExecutionStatus = 'Running'` : `ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) {
    await client.workflow
      .getHandle(wf.workflowId)
      .terminate('test done')
      .catch(() => undefined);
  }
}
