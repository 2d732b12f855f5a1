// Which office issued each running plan: the plan workflow's memo (written at start) carries its issuer, and the
// listing of running plans returns the memo with each plan, so one visibility query lists the plans and their
// offices; the board keeps to an account's offices without reading any plan's workflow.
import type { Client } from '@temporalio/client';
import { DOCUMENTS_MEMO, PlanDocuments } from '../activities/documents/issuer';

export interface RunningPlan {
  id: string;
  /** The issuing office (the plan's `issuer`, or its `documents.issuer`); undefined for a plan started without it. */
  office?: string;
}

/** Every running plan with its issuing office, sorted by id. */
export async function runningPlanOffices(client: Client): Promise<RunningPlan[]> {
  const plans: RunningPlan[] = [];
  for await (const wf of client.workflow.list({ query: `DubanKind = 'plan' AND ExecutionStatus = 'Running'` })) {
    plans.push({ id: wf.workflowId, office: officeOfMemo(wf.memo) });
  }
  return plans.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function officeOfMemo(memo: Record<string, unknown> | undefined): string | undefined {
  const docs = memo?.[DOCUMENTS_MEMO] as PlanDocuments | undefined;
  const issuer = docs?.settings?.issuer;
  return typeof issuer === 'string' && issuer ? issuer : undefined;
}

/** Whether an id (a plan, round, obligation or document id) belongs to one of these plans. */
export const belongsToPlans = (id: string, plans: string[]): boolean => plans.some((p) => id === p || id.startsWith(`${p}.`));
