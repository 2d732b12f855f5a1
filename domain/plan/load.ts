// From the texts of a plan file and a directory file to a checked plan and its obligations.
// Pure: callers read the files (the CLI, the start command, tests).
import { calendarWarnings } from '../calendar/working-days';
import { buildDirectory, Directory } from './directory';
import { checkPlan } from './checks';
import { expandObligations, Obligation } from './obligations';
import { rebasePlan } from './rebase';
import { directorySchema, planSchema, PlanFile } from './schema';
import { DatedPlan, datePlan } from './dated';
import { readYaml, validate } from './yaml-source';
import type { HolidayArrangement } from '../calendar/holidays';
import { withHolidays } from './plan-holidays';
import { checkRoundSizes } from './round-size';

export interface FileText {
  file: string;
  text: string;
}

import type { LoadedPlan } from './loaded-plan';

export type { LoadedPlan };

/** Parses and validates the plan alone (to learn which directory it names). */
export function readPlanFile(plan: FileText): PlanFile {
  return validate(readYaml(plan.text, plan.file), planSchema);
}

/** Throws PlanFileError listing every problem, each with file, line and field. */
export function loadPlan(
  planText: FileText,
  directoryText: FileText,
  opts: { year?: number; holidays?: HolidayArrangement[]; calendarFile?: string } = {},
): LoadedPlan {
  const dirSrc = readYaml(directoryText.text, directoryText.file);
  const directory = buildDirectory(validate(dirSrc, directorySchema), dirSrc);
  const planSrc = readYaml(planText.text, planText.file);
  const written = validate(planSrc, planSchema);
  const plan = opts.year && opts.year !== written.year ? rebasePlan(written, opts.year) : written;
  checkPlan(plan, directory, planSrc);
  const dated = datePlan(plan);
  dated.plan = withHolidays(dated.plan, opts.holidays);
  const obligations = expandObligations(dated.plan, directory);
  const years = new Set(obligations.flatMap((o) => o.ladder.map((s) => Number(s.at.slice(0, 4)))));
  years.add(plan.year);
  const loaded: LoadedPlan = {
    plan: dated.plan,
    directory,
    obligations,
    ...(plan !== written ? { rebasedFrom: written.year } : {}),
    warnings: [...dated.warnings, ...calendarWarnings(years, opts.holidays, opts.calendarFile)],
  };
  checkRoundSizes(loaded, planSrc);
  return loaded;
}
