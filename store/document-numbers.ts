// 发文字号: numbers counted per issuer and year (a series, e.g. 江司督/2026), without gaps or duplicates, also
// when two workers or two supervisors issue at once. Each number is allocated for what the document is for
// (its key, e.g. supervision:<obligation>:<deadline>): asking again for the same document returns its number.
// A number's row also holds the line its obligations' timelines are owed when its mail went (told a minute later,
// by whichever worker looks first): a worker lost in that minute leaves nothing untold.
import type { DocumentIssuedSignal } from '../domain/documents/model';

export interface AllocatedNumber {
  series: string;
  key: string;
  /** 1, 2, 3, … within the series. */
  n: number;
  /** When it was first allocated (ISO). */
  at: string;
}

/** The timeline line a document's obligations are owed (the document was mailed; they are told later). */
export interface OwedTelling {
  series: string;
  key: string;
  /** What each obligation's timeline records, and which obligations. */
  signal: DocumentIssuedSignal;
  recordIn: string[];
  /** Not told before then (the worker's clock, ms). */
  afterMs: number;
}

export interface DocumentNumbers {
  /** The number of `key` in `series`: the one allocated before, or the next free one. */
  allocate(series: string, key: string, nowMs: number): Promise<AllocatedNumber>;
  /** Every number of the series, in order. */
  list(series: string): Promise<AllocatedNumber[]>;
  /** Notes the telling on the number's row (owed again: kept with the earlier time). */
  owe(t: OwedTelling): Promise<void>;
  /** Tellings owed by `nowMs`, the earliest first, at most `limit`. */
  owed(nowMs: number, limit: number): Promise<OwedTelling[]>;
  /** The telling was done (or given up): no longer owed, unless something else was owed on the row since. */
  told(t: OwedTelling): Promise<void>;
}

/** The row's telling column: what is told, to whom. */
export const tellingColumn = (t: OwedTelling): string => JSON.stringify({ signal: t.signal, recordIn: t.recordIn });

export const owedTellingOf = (r: { series: string; key: string; tell: string; tell_after: number | string }): OwedTelling => ({
  series: r.series,
  key: r.key,
  ...(JSON.parse(r.tell) as { signal: DocumentIssuedSignal; recordIn: string[] }),
  afterMs: Number(r.tell_after),
});
