// Which office issued each plan: the plan workflow's memo (written at start) carries its issuer, and the listing
// of plans returns the memo with each plan, so one visibility query lists the plans and their offices; the board
// keeps to an account's offices without reading any plan's workflow. A plan that has finished (its year closed,
// or cancelled) keeps its memo, so its office still reads it and others still get 404.
import type { Client } from '@temporalio/client';
import { DOCUMENTS_MEMO, PlanDocuments } from '../activities/documents/issuer';

export interface RunningPlan {
  id: string;
  /** The issuing office (the plan's `issuer`, or its `documents.issuer`); undefined for a plan started without it. */
  office?: string;
}

export interface KnownPlan extends RunningPlan {
  running: boolean;
}

/** Every running plan with its issuing office, sorted by id. */
export async function runningPlanOffices(client: Client): Promise<RunningPlan[]> {
  return (await planOffices(client, `ExecutionStatus = 'Running'`)).map(({ id, office }) => ({ id, office }));
}

/**
 * Every plan, running or finished, with its issuing office, sorted by id. Runs that continued as new are left out;
 * of a plan id started again, the newest run tells the office.
 */
export async function everyPlanOffice(client: Client): Promise<KnownPlan[]> {
  return planOffices(client, `ExecutionStatus != 'ContinuedAsNew'`);
}

async function planOffices(client: Client, status: string): Promise<KnownPlan[]> {
  const newest = new Map<string, KnownPlan & { started: number }>();
  for await (const wf of client.workflow.list({ query: `DubanKind = 'plan' AND ${status}` })) {
    const started = wf.startTime.getTime();
    if ((newest.get(wf.workflowId)?.started ?? -Infinity) > started) continue;
    newest.set(wf.workflowId, { id: wf.workflowId, office: officeOfMemo(wf.memo), running: wf.status.name === 'RUNNING', started });
  }
  return [...newest.values()]
    .map(({ id, office, running }) => ({ id, office, running }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function officeOfMemo(memo: Record<string, unknown> | undefined): string | undefined {
  const docs = memo?.[DOCUMENTS_MEMO] as PlanDocuments | undefined;
  const issuer = docs?.settings?.issuer;
  return typeof issuer === 'string' && issuer ? issuer : undefined;
}

/** The plan an id (a plan, round, obligation or document id) belongs to, of these plans. */
export const planOf = (id: string, plans: string[]): string | undefined => plans.find((p) => id === p || id.startsWith(`${p}.`));

/** Whether an id (a plan, round, obligation or document id) belongs to one of these plans. */
export const belongsToPlans = (id: string, plans: string[]): boolean => planOf(id, plans) !== undefined;
