// The obligation's signals and queries: what the worker's sender tells of queued notices, holiday arrangements an
// office records, 公文 issued for it, and its state and spec for readers.
import { setHandler } from '@temporalio/workflow';
import type { NoticeOutcome } from '../../domain/notices/delivery';
import { holidaysArranged } from '../../domain/contract/holiday-messages';
import { documentIssued, noticeOutcome, obligationSpec, obligationState } from '../../domain/contract/messages';
import { mergeArrangements } from '../../domain/calendar/holidays';
import type { ObligationRun } from './run';

export interface ObligationMessages {
  /** What the worker's sender told of queued notices (refusals, stalls), taken in order by the main loop. */
  readonly outcomes: NoticeOutcome[];
  /** How many holiday arrangements came while the obligation ran: a notice queued before one is taken back. */
  readonly arranged: () => number;
}

/** Registered in this order: a buffered message is handled as its handler is set, patches and all. */
export function handleSignalsAndQueries(run: ObligationRun): ObligationMessages {
  const { spec, state, isPatched } = run;
  const outcomes: NoticeOutcome[] = [];
  setHandler(noticeOutcome, (o) => void outcomes.push(o));
  // Holiday arrangements an office records while the obligation runs (its calendar file): the steps not yet taken
  // follow them, and a notice queued for an instant of the old ladder is taken back (histories from before had none).
  let arranged = 0;
  setHandler(holidaysArranged, (arrangements) => {
    if (!isPatched('holiday-arrangements')) return;
    spec.ladderConfig = { ...spec.ladderConfig, holidays: mergeArrangements(spec.ladderConfig.holidays, arrangements) };
    run.followHolidays();
    arranged++;
  });

  // A 公文 issued for it is recorded on its timeline with its number, once (a mail sent again tells it again).
  setHandler(documentIssued, (d) => {
    if (!isPatched('document-timeline')) return;
    const note = `${d.title} ${d.number}`;
    if (!state.timeline.some((e) => e.kind === 'document' && e.note === note)) state.timeline.push({ at: d.at, kind: 'document', note });
  });
  setHandler(obligationState, () => state);
  setHandler(obligationSpec, () => spec);
  return { outcomes, arranged: () => arranged };
}
