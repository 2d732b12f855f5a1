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

/** A plan's office is read again after this: offices do not change while a plan runs (one started again may). */
const OFFICE_FOR_MS = 5 * 60_000;
const officesOf = new WeakMap<Client, Map<string, { at: number; office: Promise<string | undefined> }>>();

/**
 * The issuing office of one plan, from its memo, kept a few minutes by the process: a unit's pages name the office
 * of each duty on every view without listing every plan each time.
 */
export function planOffice(client: Client, plan: string, nowMs = Date.now()): Promise<string | undefined> {
  const known = officesOf.get(client) ?? new Map<string, { at: number; office: Promise<string | undefined> }>();
  officesOf.set(client, known);
  const had = known.get(plan);
  if (had && nowMs - had.at < OFFICE_FOR_MS) return had.office;
  const office = client.workflow
    .getHandle(plan)
    .describe()
    .then((d) => officeOfMemo(d.memo));
  known.set(plan, { at: nowMs, office });
  office.catch(() => known.delete(plan)); // asked again next time, not kept as unknown
  return office;
}

/** These plans with their offices (planOffice); a plan that cannot be read now is shown without one. */
export const plansWithOffices = (client: Client, plans: string[]): Promise<RunningPlan[]> =>
  Promise.all(plans.map(async (id) => ({ id, office: await planOffice(client, id).catch(() => undefined) })));

export function officeOfMemo(memo: Record<string, unknown> | undefined): string | undefined {
  const docs = memo?.[DOCUMENTS_MEMO] as PlanDocuments | undefined;
  const issuer = docs?.settings?.issuer;
  return typeof issuer === 'string' && issuer ? issuer : undefined;
}

/** The plan an id (a plan, round, obligation or document id) belongs to, of these plans. */
export const planOf = (id: string, plans: string[]): string | undefined => plans.find((p) => id === p || id.startsWith(`${p}.`));

/** Whether an id (a plan, round, obligation or document id) belongs to one of these plans. */
export const belongsToPlans = (id: string, plans: string[]): boolean => planOf(id, plans) !== undefined;
