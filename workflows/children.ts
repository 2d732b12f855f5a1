// Children a plan or a round starts: obligations and rounds are the durable units, they outlive a parent that is
// terminated or reset.
import { ChildWorkflowHandle, ParentClosePolicy, startChild, Workflow } from '@temporalio/workflow';

/** Returns startChild's own promise (not async): the caller's await takes the microtask turns it always took. */
export function startDurableChild<W extends Workflow>(
  workflow: W,
  workflowId: string,
  args: Parameters<W>,
  staticSummary: string,
): Promise<ChildWorkflowHandle<W>> {
  // Started as a plain Workflow: the SDK's conditional type of `args` cannot be resolved for a generic W.
  const started = startChild<Workflow>(workflow, { workflowId, args, parentClosePolicy: ParentClosePolicy.ABANDON, staticSummary });
  return started as Promise<ChildWorkflowHandle<W>>;
}
