// What the board's 公文 page offers, from the ledger: the year's two documents, each round's 汇总 (its 通报 while a
// unit is overdue, its 回头看通知 for a 回头看 round), each overdue obligation's 督办通知书 and each 整改通知.
import { planOffers } from '../../domain/documents/offers';
import { ledger, lookBack, NOW, planFacts, rectification, round } from '../helpers/sample-ledger';

test('the sample ledger on 22 October: task 15’s round with one unit overdue, a 整改 and a 回头看', () => {
  const offers = planOffers(planFacts.plan, ledger, NOW);
  expect(offers.plan.map((o) => [o.kind, o.id])).toEqual([
    ['annual', planFacts.plan],
    ['assessment', planFacts.plan],
  ]);
  expect(offers.rounds.map((o) => [o.kind, o.id])).toEqual([
    ['compilation', round.round],
    ['circular', round.round],
    ['lookback', lookBack.round],
    ['compilation', lookBack.round],
  ]);
  const xinhui = round.obligations.find((o) => o.unit === '新会区')!;
  expect(offers.obligations).toEqual([
    { kind: 'supervision', id: xinhui.id, label: '督办通知书 · 新会区 · 任务15' },
    { kind: 'rectification', id: rectification.id, label: '整改通知 · 开平市 · 任务15' },
  ]);
});

test('once every unit has reported, the round offers no 通报 and no 督办通知书', () => {
  const reported = ledger.map((r) => (r.stage === 'overdue' ? { ...r, stage: 'submitted' as const } : r));
  const offers = planOffers(planFacts.plan, reported, NOW);
  expect(offers.rounds.map((o) => o.kind)).not.toContain('circular');
  expect(offers.obligations.map((o) => o.kind)).toEqual(['rectification']);
});
