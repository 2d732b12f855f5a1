// 发文字号: numbers counted per issuer and year (a series, e.g. 江司督/2026), without gaps or duplicates, also
// when two workers or two supervisors issue at once. Each number is allocated for what the document is for
// (its key, e.g. supervision:<obligation>:<deadline>): asking again for the same document returns its number.

export interface AllocatedNumber {
  series: string;
  key: string;
  /** 1, 2, 3, … within the series. */
  n: number;
  /** When it was first allocated (ISO). */
  at: string;
}

export interface DocumentNumbers {
  /** The number of `key` in `series`: the one allocated before, or the next free one. */
  allocate(series: string, key: string, nowMs: number): Promise<AllocatedNumber>;
  /** Every number of the series, in order. */
  list(series: string): Promise<AllocatedNumber[]>;
}
