// Bounds on every field a person types, shared by the portal, the board, the CLI and the workflows'
// validators, so a payload's size never grows with what users type.

/** A person's name as typed (submitter, reviewer, supervisor). */
export const MAX_NAME_CHARS = 64;
/** `by` as recorded: a name plus the unit in brackets, e.g. 王某（台山市）. */
export const MAX_BY_CHARS = 100;
/** Reasons of a return, an extension, a cancellation; a finding of a 回头看. */
export const MAX_REASON_CHARS = 500;
/** A report's text (kept in the report store, never in a workflow). */
export const MAX_REPORT_CHARS = 20_000;
/** The excerpt of a report that workflows carry for the ledger and the 汇总's table. */
export const EXCERPT_CHARS = 120;
/** Figures reported against a plan's targets. */
export const MAX_FIGURE = 1e12;

/** The first characters of a text, on one line, for tables and timelines. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}
