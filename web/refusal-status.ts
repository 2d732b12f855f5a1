// One status per kind of refusal, whichever layer refuses (the route's own check or the workflow's
// validator): 409 when the obligation's current stage does not allow the action (already submitted,
// closed, nothing to review), 400 when the request itself is wrong (empty text, a past date, a bad figure).
import type { Stage } from '../domain/obligation/state';

export type Action = 'submit' | 'review' | 'extend';

const ALLOWED: Record<Action, Stage[]> = {
  submit: ['open', 'overdue', 'returned'],
  review: ['submitted'],
  extend: ['open', 'overdue', 'returned'],
};

export const allows = (action: Action, stage: Stage) => ALLOWED[action].includes(stage);

export const refusalStatus = (action: Action, stage: Stage): 400 | 409 => (allows(action, stage) ? 400 : 409);
