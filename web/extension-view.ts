// What the portal's duty page and the board's obligation page show of 延期申请: the pending application, the
// latest decision, and whether (and until which date) the unit may apply now.
import { DateTime } from 'luxon';
import { extensionRefusal, pendingExtension, ruleOf } from '../domain/obligation/extension';
import { ExtensionApplication } from '../domain/obligation/state';
import { parseInstant, ZONE } from '../domain/calendar/time';
import type { ObligationView } from '../client/operations';

export interface ExtensionView {
  pending?: ExtensionApplication;
  /** The latest decided application. */
  decided?: ExtensionApplication;
  /** Why the unit may not apply now (shown only when it has applied before); undefined when it may. */
  refusal?: string;
  /** Earliest and latest dates the form offers (YYYY-MM-DD). */
  min: string;
  max: string;
  maxDays: number;
  maxApplications: number;
  used: number;
}

export function extensionView({ spec, state }: ObligationView, nowMs: number): ExtensionView {
  const rule = ruleOf(spec);
  const due = parseInstant(state.due, 'due').setZone(ZONE);
  const day = (d: DateTime) => d.toFormat('yyyy-MM-dd');
  return {
    pending: pendingExtension(state),
    decided: [...(state.extensions ?? [])].reverse().find((a) => a.decision),
    refusal: extensionRefusal(state, spec, nowMs),
    min: day(due.plus({ days: 1 })),
    max: day(due.plus({ days: rule.maxDays })),
    maxDays: rule.maxDays,
    maxApplications: rule.maxApplications,
    used: state.extensions?.length ?? 0,
  };
}
