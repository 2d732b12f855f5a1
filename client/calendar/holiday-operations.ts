// The office's calendar file (节假日安排) on disk, and bringing it to running obligations: each open obligation of
// a plan gets the arrangements as a signal, and the steps of its ladder not yet taken follow them.
import fs from 'node:fs';
import { parse } from 'yaml';
import type { Client } from '@temporalio/client';
import { calendarFileText, readCalendarFile } from '../../domain/calendar/arrangement';
import type { HolidayArrangement } from '../../domain/calendar/holidays';
import { calendarCovers } from '../../domain/calendar/working-days';
import { holidaysArranged } from '../../domain/contract/holiday-messages';
import { calendarFileOf } from '../plan-files';
import { writeAtomically } from '../roster/roster-operations';

/** The arrangements of `file` ([] when there is none); throws PlanFileError (file:line) when it is bad. */
export function readCalendarFromDisk(file: string): HolidayArrangement[] {
  if (!fs.existsSync(file)) return [];
  return readCalendarFile(fs.readFileSync(file, 'utf8'), file);
}

/** The calendar file that goes with a directory file. */
export const calendarFileFor = (directoryFile: string) => calendarFileOf(directoryFile);

/** Saves one year's arrangement into `file` (replacing that year), after checking the whole file as it will be. */
export function saveArrangement(file: string, year: HolidayArrangement & { names?: string[] }): HolidayArrangement[] {
  const others = readCalendarFromDisk(file).filter((a) => a.year !== year.year);
  const text = calendarFileText([...others, year]);
  const checked = readCalendarFile(text, file);
  writeAtomically(file, text);
  return checked;
}

/** Whether the package's data already has `year` (the file then overrides it). */
export const packageCovers = (year: number) => calendarCovers(year);

/** Signals the arrangements to each workflow of `ids`; answers how many took them (closed ones are passed over). */
export async function signalArrangements(client: Client, ids: string[], arrangements: HolidayArrangement[]): Promise<number> {
  let told = 0;
  for (const id of ids) {
    try {
      await client.workflow.getHandle(id).signal(holidaysArranged, arrangements);
      told++;
    } catch {
      // closed since it was listed: nothing left to schedule
    }
  }
  return told;
}

/** Every running obligation (and 回头看 obligation) of `plan`, by visibility. */
export async function runningObligationsOf(client: Client, plan: string): Promise<string[]> {
  const ids: string[] = [];
  const query = `DubanPlan = '${plan.replace(/'/g, '')}' AND DubanKind IN ('obligation', 'lookback') AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

/** The holidays' names of each year in `file` (kept in the file only), for showing a saved year again. */
export function savedHolidayNames(file: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  try {
    const data = parse(fs.readFileSync(file, 'utf8')) as { years?: { year: number; holidays?: { name: string }[] }[] };
    for (const y of data?.years ?? [])
      out.set(
        y.year,
        (y.holidays ?? []).map((h) => h.name),
      );
  } catch {
    // no file yet, or a broken one (the page shows it as such)
  }
  return out;
}
