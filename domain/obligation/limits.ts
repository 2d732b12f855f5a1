// How long each field a person types may be, and which figures are numbers: the same limits in the
// portal, the board, the CLI and the workflow's validators, so nothing too large ever reaches a history,
// a timeline or a 汇总, and a payload's size never grows with what users type.

/** A submitter's or supervisor's name as typed (报送人, 审核人, 操作人). */
export const MAX_NAME_CHARS = 64;
/** `by` as recorded: a name plus the unit in brackets, e.g. 王某（台山市）. */
export const MAX_BY_CHARS = 100;
/** A return, extension or cancellation reason. */
export const MAX_REASON_CHARS = 500;
/** A report's text (kept in the report store, never in a workflow). */
export const MAX_REPORT_CHARS = 20_000;
/** The excerpt of a report that workflows carry for the ledger and the 汇总's table. */
export const EXCERPT_CHARS = 120;
/** A board account's username. */
export const MAX_USERNAME_CHARS = 64;
/** Figures are finite numbers from 0 to this. */
export const MAX_FIGURE = 1e12;

/** Whether a figure is a number a report may carry. */
export const isValidFigure = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_FIGURE;

/** The first characters of a text, on one line, for tables and timelines. */
export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}
