// The holiday arrangements a running plan's obligations follow, for what the board, the portal, the CLI and the
// ledger count in working days (lights, 逾期 n 个工作日, scores): those the plan was started with (kept with its
// scoring rules in its memo), with the office's calendar file over them, as the board's 节假日安排 page and
// `duban calendar apply` tell them to every running obligation.
import type { Client } from '@temporalio/client';
import { mergeArrangements } from '../domain/calendar/holidays';
import type { ScoringRules } from '../domain/scoring/rules';
import { directoryFile } from '../config/directory-file';
import { readScoringRules } from '../store/scoring-memo';
import { calendarFileOf } from './plan-files';
import { readCalendarFromDisk } from './calendar/holiday-operations';

/** `rules` with the office's calendar file over the arrangements they carry (unchanged when the file is absent or broken). */
export function withOfficeCalendar(rules: ScoringRules, calendarFile = calendarFileOf(directoryFile())): ScoringRules {
  let office;
  try {
    office = readCalendarFromDisk(calendarFile);
  } catch {
    // a broken file was never told to the obligations: they follow what they had
    return rules;
  }
  return office.length ? { ...rules, holidays: mergeArrangements(rules.holidays, office) } : rules;
}

/** The plan's scoring rules whose `holidays` are the arrangements its obligations follow. */
export async function arrangedScoringRules(client: Client, plan: string): Promise<ScoringRules> {
  return withOfficeCalendar(await readScoringRules(client, plan));
}
