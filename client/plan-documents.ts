// What a plan's documents need, written into its workflow's memo when it starts: the issuer settings (the plan's
// `documents:` section over its `issuer`) and the facts its documents quote (title, year, supervisor).
import { documentsMemo } from '../activities/documents/issuer';
import type { LoadedPlan } from '../domain/plan/load';
import { documentSettingsOfPlan } from '../domain/plan/issuer-schema';

export const planDocumentsMemo = ({ plan }: LoadedPlan): Record<string, unknown> =>
  documentsMemo({
    settings: documentSettingsOfPlan(plan as unknown as { issuer: string } & Record<string, unknown>),
    title: plan.title,
    year: plan.year,
    supervisor: plan.supervisor,
  });
