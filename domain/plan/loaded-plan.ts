// A plan read and checked, with its directory and its obligations (domain/plan/load.ts makes it).
import type { Directory } from './directory';
import type { Obligation } from './obligations';
import type { DatedPlan } from './dated';

export interface LoadedPlan {
  /** Every duty dated: a recurring duty appears as its periods (ids like progress-q2). */
  plan: DatedPlan;
  directory: Directory;
  obligations: Obligation[];
  /** Set when the plan was moved to another year: the year it was written for. */
  rebasedFrom?: number;
  warnings: { zh: string; en: string }[];
}
