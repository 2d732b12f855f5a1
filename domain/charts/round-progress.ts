// Chart 1: a round's progress over time, one point per day (Beijing) from the day it opened to its deadline and
// after (until today, or until the day its last obligation closed). Computed from the ledger rows alone:
// - 已报送: obligations whose current report (awaiting review or accepted) had arrived by the end of that day;
//   a report that was returned no longer counts, since the unit owes a new one;
// - 已办结: accepted obligations, on and after the day of their last change (the acceptance);
// - 逾期未报: obligations whose deadline had passed before that day began, with no report counted by its end.
// Cancelled obligations are left out. Pure and deterministic: `nowMs` is the caller's clock.
import { DateTime } from 'luxon';
import type { ObligationSnapshot } from '../obligation/snapshot';
import { parseInstant, ZONE } from '../calendar/time';

export interface ProgressDay {
  /** YYYY-MM-DD, Beijing. */
  day: string;
  submitted: number;
  accepted: number;
  overdue: number;
}

export interface RoundProgress {
  /** Obligations counted (cancelled ones left out). */
  total: number;
  /** YYYY-MM-DD of the round's deadline. */
  dueDay: string;
  days: ProgressDay[];
}

/** At most this many days are drawn; a longer span keeps its last days (the deadline and after). */
export const MAX_PROGRESS_DAYS = 400;

const ms = (iso: string) => parseInstant(iso, 'at').toMillis();
const dayOf = (epochMs: number) => DateTime.fromMillis(epochMs, { zone: ZONE }).toISODate()!;

/**
 * `opens`: when the round opened (its obligations' opening instant); `due`: the round's deadline. The rows are the
 * round's ledger rows (one duty of one round).
 */
export function roundProgress(rows: ObligationSnapshot[], opens: string, due: string, nowMs: number): RoundProgress {
  const counted = rows.filter((r) => r.stage !== 'cancelled');
  const reportAt = (r: ObligationSnapshot) =>
    (r.stage === 'submitted' || r.stage === 'accepted') && r.submission ? ms(r.submission.at) : undefined;
  const facts = counted.map((r) => ({
    report: reportAt(r),
    // A row's last change of an accepted obligation is its acceptance, never before its report.
    accepted: r.stage === 'accepted' ? Math.max(ms(r.at), reportAt(r) ?? 0) : undefined,
    due: ms(r.due),
  }));
  const stillOwing = counted.some((r) => r.stage !== 'accepted');
  const lastEvent = Math.max(ms(due), ...facts.map((f) => Math.max(f.report ?? 0, f.accepted ?? 0)));
  const start = DateTime.fromMillis(Math.min(ms(opens), ms(due)), { zone: ZONE }).startOf('day');
  const endMs = stillOwing ? Math.max(nowMs, ms(due)) : lastEvent;
  const last = DateTime.fromMillis(Math.min(endMs, Math.max(nowMs, ms(opens))), { zone: ZONE }).startOf('day');

  const days: ProgressDay[] = [];
  for (let d = start; d <= last; d = d.plus({ days: 1 })) {
    const begins = d.toMillis();
    const end = d.endOf('day').toMillis();
    let submitted = 0;
    let accepted = 0;
    let overdue = 0;
    for (const f of facts) {
      const reported = f.report !== undefined && f.report <= end;
      if (reported) submitted++;
      if (f.accepted !== undefined && f.accepted <= end) accepted++;
      if (!reported && f.due < begins) overdue++;
    }
    days.push({ day: d.toISODate()!, submitted, accepted, overdue });
  }
  return { total: counted.length, dueDay: dayOf(ms(due)), days: days.slice(-MAX_PROGRESS_DAYS) };
}
