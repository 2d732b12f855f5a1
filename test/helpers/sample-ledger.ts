// A small ledger from the shipped plan, as rounds keep it: task 15 for four counties on 2024-10-22 (one
// accepted, one late awaiting review, one returned, one cancelled), the rest of them silent, plus a 整改
// for 开平市 and a 回头看 for 台山市.
import { openingSnapshot, placed, ObligationSnapshot } from '../../domain/obligation/snapshot';
import { lookBackSpec, rectificationSpec } from '../../domain/obligation/rounds';
import { planRunSpec, ObligationSpec, RoundSpec } from '../../domain/obligation/spec';
import { loadShipped } from './plan-files';

export const NOW = Date.parse('2024-10-22T10:00:00+08:00');
const OPENED = '2024-05-15T00:00:00+08:00';
const COUNTIES = ['开平市', '台山市', '鹤山市', '恩平市', '新会区'];

const shipped = planRunSpec(loadShipped());
const t15 = shipped.rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
/** Task 15's round, for five counties only. */
export const round: RoundSpec = { ...t15, obligations: t15.obligations.filter((o) => COUNTIES.includes(o.unit)) };
const spec = (unit: string) => round.obligations.find((o) => o.unit === unit)!;
const row = (o: ObligationSpec, patch: Partial<ObligationSnapshot> = {}): ObligationSnapshot => ({
  ...placed(openingSnapshot(o, OPENED), o),
  ...patch,
});
const submission = (o: ObligationSpec, n: number, at: string, onTime: boolean) => ({
  receipt: `HZ-${o.id}-${n}`,
  at,
  by: `${o.unit} 王某`,
  excerpt: `${o.unit}的报告`,
  figures: {},
  onTime,
});

/** The round's rows on 2024-10-22. */
export const roundRows: ObligationSnapshot[] = [
  row(spec('开平市'), { stage: 'accepted', submission: submission(spec('开平市'), 1, '2024-10-18T15:00:00+08:00', true) }),
  row(spec('台山市'), { stage: 'submitted', submission: submission(spec('台山市'), 1, '2024-10-21T16:00:00+08:00', false) }),
  row(spec('鹤山市'), {
    stage: 'returned',
    due: '2024-11-08T23:59:59+08:00',
    submission: submission(spec('鹤山市'), 1, '2024-10-19T11:00:00+08:00', true),
  }),
  row(spec('恩平市'), { stage: 'cancelled' }),
  row(spec('新会区'), { stage: 'overdue', level: 1 }),
];

/** A 整改 opened for 开平市 from this round, and a 回头看 on 台山市 started from it. */
export const rectification = rectificationSpec(
  round,
  { by: '张督查', unit: '开平市', finding: '台账不全', due: '2024-12-01' },
  roundRows,
  '2024-12-01T23:59:59+08:00',
  '2024-10-22T10:00:00+08:00',
);
export const lookBack = lookBackSpec(
  round,
  roundRows,
  { by: '张督查', round: round.round, due: '2024-12-20', units: ['台山市'], seq: 1 },
  '2024-12-20T23:59:59+08:00',
  shipped.plan,
);

/** The plan's ledger as read from both rounds. */
export const ledger: ObligationSnapshot[] = [...roundRows, row(rectification), ...lookBack.obligations.map((o) => row(o))];

/** The plan's facts, as its workflow gives them to the annual summary. */
export const planFacts = {
  plan: shipped.plan,
  title: shipped.title,
  year: shipped.year,
  supervisor: shipped.supervisor,
  supervisorEmail: shipped.supervisorEmail,
};
