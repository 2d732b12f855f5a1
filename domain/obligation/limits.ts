// How long each field a person types may be, and which figures are numbers: the same limits in the
// portal, the board, the CLI and the workflow's validators, so nothing too large ever reaches a history,
// a timeline or a 汇总.

/** A submitter's or supervisor's name (报送人, 审核人, 操作人). */
export const MAX_NAME_CHARS = 64;
/** A return, extension or cancellation reason. */
export const MAX_REASON_CHARS = 500;
/** A report's text. */
export const MAX_REPORT_CHARS = 20_000;
/** A board account's username. */
export const MAX_USERNAME_CHARS = 64;
/** Figures are finite numbers from 0 to this. */
export const MAX_FIGURE = 1e12;

/** Whether a figure is a number a report may carry. */
export const isValidFigure = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_FIGURE;
