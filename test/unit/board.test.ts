// The board's read model from a ledger, no server: lights as of a moment, one row per round (a 整改 and a
// 回头看 get rows of their own, without a 回头看 of their own), the overdue list, a unit's duties.
import { boardModel, unitDuties } from '../../domain/obligation/board';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { ledger, lookBack, NOW, rectification } from '../helpers/sample-ledger';

const byUnit = (rows: { unit: string; light: string; stage: string }[]) =>
  Object.fromEntries(rows.map((r) => [r.unit, `${r.stage}/${r.light}`]));

test('the board on 2024-10-22: lights, round rows, the overdue list and totals', () => {
  const m = boardModel(ledger, NOW);
  expect(m.tasks).toEqual([15]);
  expect([...m.units].sort()).toEqual(['台山市', '开平市', '恩平市', '新会区', '鹤山市'].sort());
  // 鹤山市 was returned with a new deadline (11-08): green again until its 3rd working day before.
  expect(byUnit(m.cells[15]['新会区'])).toEqual({ 新会区: 'overdue/red' });
  expect(byUnit(m.cells[15]['鹤山市'])).toEqual({ 鹤山市: 'returned/green' });
  expect(m.cells[15]['开平市'].map((r) => `${r.duty}：${r.stage}`)).toEqual([
    '涉企乱罚款专项整治完成情况：accepted',
    '整改：台账不全：open',
  ]);

  expect(
    m.rounds.map(({ round, duty, due, followUp, total, red }) => ({ round, duty, due: due.slice(0, 10), followUp, total, red })),
  ).toEqual([
    { round: 'jiangmen-2024.t15.rectify', duty: '涉企乱罚款专项整治完成情况', due: '2024-10-20', followUp: false, total: 5, red: 1 },
    { round: 'jiangmen-2024.t15.rectify', duty: '整改：台账不全', due: '2024-12-01', followUp: true, total: 1, red: 0 },
    {
      round: 'jiangmen-2024.t15.rectify.lb1',
      duty: '涉企乱罚款专项整治完成情况（回头看）',
      due: '2024-12-20',
      followUp: true,
      total: 1,
      red: 0,
    },
  ]);
  expect(m.rounds[0].counts).toEqual({ open: 0, overdue: 1, submitted: 1, returned: 1, accepted: 1, cancelled: 1 });
  expect(m.overdue.map((r) => r.id)).toEqual(['jiangmen-2024.t15.rectify.xinhui']);
  expect(m.totals).toEqual({ all: 7, red: 1, yellow: 0, submitted: 1, accepted: 1, unacknowledged: 3 });
  // 签收: a report counts as receipt; the cancelled 恩平市 is neither acknowledged nor owed an acknowledgement.
  expect(m.rounds.map((r) => r.acknowledged)).toEqual([3, 0, 0]);
});

test('an acknowledged duty counts as 已签收 on the board before any report', () => {
  const acked = ledger.map((r) =>
    r.unit === '新会区' ? { ...r, acknowledged: { at: '2024-05-17T10:00:00+08:00', by: '李某（新会区）' } } : r,
  );
  const m = boardModel(acked, NOW);
  expect(m.totals.unacknowledged).toBe(2);
  expect(m.rounds[0].acknowledged).toBe(4);
});

test('lights move with the clock: yellow from the 3rd working day before the deadline', () => {
  const m = boardModel(ledger, Date.parse('2024-11-05T08:00:00+08:00'));
  expect(byUnit(m.cells[15]['鹤山市'])).toEqual({ 鹤山市: 'returned/yellow' });
  expect(m.totals).toMatchObject({ red: 1, yellow: 1 });
});

test("a unit's portal page lists what it still owes first", () => {
  expect(unitDuties(ledger, 'kaiping', NOW).map((r) => r.id)).toEqual([rectification.id, 'jiangmen-2024.t15.rectify.kaiping']);
  expect(unitDuties(ledger, 'taishan', NOW).map((r) => r.id)).toEqual([lookBack.obligations[0].id, 'jiangmen-2024.t15.rectify.taishan']);
});

test('rows kept before they carried their place are grouped and marked as before', () => {
  const bare = ledger.map(({ round: _r, unitCode: _u, kind: _k, followUpOf: _f, ...rest }): ObligationSnapshot => rest);
  const rows = (l: ObligationSnapshot[]) => boardModel(l, NOW).rounds.map(({ duty, followUp, counts }) => ({ duty, followUp, counts }));
  expect(rows(bare)).toEqual(rows(ledger));
  expect(unitDuties(bare, 'kaiping', NOW).map((r) => r.id)).toEqual([rectification.id, 'jiangmen-2024.t15.rectify.kaiping']);
});
