// 回头看 and 整改 specs: who opened them, and that a unit's next 整改 never reuses an accepted one's id.
import { rectificationSpec, lookBackSpec } from '../../domain/obligation/rounds';
import { planRunSpec } from '../../domain/obligation/spec';
import type { ObligationSnapshot } from '../../domain/obligation/snapshot';
import { loadShipped } from '../helpers/plan-files';
import { initialState } from '../../domain/obligation/lifecycle';

const round = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
const snap = (id: string, stage: ObligationSnapshot['stage']): ObligationSnapshot => ({
  id,
  task: 15,
  unit: '开平市',
  dutyId: 'x',
  duty: 'x',
  stage,
  light: 'green',
  level: 0,
  due: '2024-12-01T23:59:59+08:00',
  at: '2024-11-01T00:00:00+08:00',
});
const req = { by: '张督查', unit: '开平市', finding: '台账不全', due: '2024-12-01' };

test("a unit's second 整改 gets its own id once the first is accepted; an open one blocks a new one", () => {
  const due = '2024-12-01T23:59:59+08:00';
  const opened = '2024-11-01T00:00:00+08:00';
  const first = rectificationSpec(round, req, [], due, opened);
  expect(first).toMatchObject({
    id: 'jiangmen-2024.t15.rectify-zg.kaiping',
    kind: 'rectification',
    followUpOf: 'jiangmen-2024.t15.rectify.kaiping',
    round: round.round,
  });
  // The round keeps the 整改 it opened among its obligations, and their rows give their stages.
  const withFirst = { ...round, obligations: [...round.obligations, first] };
  expect(() => rectificationSpec(withFirst, req, [snap(first.id, 'submitted')], due, opened)).toThrow('开平市 已有未完成的整改事项');
  const second = rectificationSpec(withFirst, req, [snap(first.id, 'accepted')], due, opened);
  expect(second.id).toBe('jiangmen-2024.t15.rectify-zg2.kaiping');
  const third = rectificationSpec(
    { ...withFirst, obligations: [...withFirst.obligations, second] },
    req,
    [snap(first.id, 'accepted'), snap(second.id, 'cancelled')],
    due,
    opened,
  );
  expect(third.id).toBe('jiangmen-2024.t15.rectify-zg3.kaiping');
  // Histories from before the numbering replay with the old id.
  expect(rectificationSpec(withFirst, req, [snap(first.id, 'accepted')], due, opened, false).id).toBe(first.id);
});

test('a 回头看 obligation opens with the name of the supervisor who started it', () => {
  const lb = lookBackSpec(
    round,
    [],
    { by: ' 张督查 ', round: round.round, due: '2024-12-20', units: ['开平市'], seq: 1 },
    '2024-12-20T23:59:59+08:00',
  );
  expect(lb.round).toBe('jiangmen-2024.t15.rectify.lb1');
  expect(lb.obligations.map((o) => [o.id, o.round, o.kind, o.followUpOf])).toEqual([
    ['jiangmen-2024.t15.rectify-lb1.kaiping', lb.round, 'lookback', 'jiangmen-2024.t15.rectify.kaiping'],
  ]);
  expect(initialState(lb.obligations[0], Date.parse('2024-12-01T00:00:00+08:00')).timeline[0]).toEqual({
    at: '2024-12-01T00:00:00+08:00',
    kind: 'opened',
    by: '张督查',
    note: '截止 2024-12-20T23:59:59+08:00',
  });
});
