// The year at a glance on the board's page of a plan: every round's deadline with its light, as on the chart page.
import { DateTime } from 'luxon';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { roundGroups } from '../../domain/charts/rounds';
import { yearTimeline } from '../../domain/charts/year-timeline';
import { ZONE } from '../../domain/calendar/time';
import type { Arrangements } from '../../domain/calendar/working-days';
import { yearTimelineChart } from './options';
import { ChartCache } from './svg';

const charts = new ChartCache(50);

/** The plan's year line as SVG ('' for a plan without rounds), drawn again only when a round's light or deadline changed. */
export function yearAtAGlance(plan: string, ledger: ObligationSnapshot[], nowMs: number, own: Arrangements = undefined): string {
  const groups = roundGroups(ledger);
  if (!groups.length) return '';
  const nowDay = DateTime.fromMillis(nowMs, { zone: ZONE }).toISODate()!;
  return charts.svg(plan, yearTimelineChart(yearTimeline(ledger, nowMs, groups, own), nowDay, Number(groups[0].due.slice(0, 4))));
}
