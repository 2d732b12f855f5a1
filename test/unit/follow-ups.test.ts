// 回头看 and 整改 specs: who opened them, and that a unit's next 整改 never reuses an accepted one's id.
import { rectificationSpec, lookBackSpec } from '../../domain/obligation/rounds';
import { planRunSpec } from '../../domain/obligation/spec';
import type { ObligationSnapshot } from '../../domain/obligation/notice';
import { loadShipped } from '../helpers/plan-files';
import { initialState } from '../../domain/obligation/lifecycle';

const round = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
const snap = (id: string, stage: ObligationSnapshot['stage']): ObligationSnapshot => ({ id, task: 15, unit: '开平市', dutyId: 'x', duty: 'x', stage, light: 'green', level: 0, due: '2024-12-01T23:59:59+08:00', at: '2024-11-01T00:00:00+08:00' });
const req = { by: '张督查', unit: '开平市', finding: '台账不全', due: '2024-12-01' };

test("a unit's second 整改 gets its own id once the first is accepted; an open one blocks a new one", () => {
  const first = rectificationSpec(round, req, [], '2024-12-01T23:59:59+08:00', '2024-11-01T00:00:00+08:00');
  expect(first.id).toBe('jiangmen-2024.t15.rectify-zg.kaiping');
  expect(() => rectificationSpec(round, req, [snap(first.id, 'submitted')], '2024-12-01T23:59:59+08:00', '2024-11-01T00:00:00+08:00')).toThrow('开平市 已有未完成的整改事项');
  const second = rectificationSpec(round, req, [snap(first.id, 'accepted')], '2024-12-01T23:59:59+08:00', '2024-11-01T00:00:00+08:00');
  expect(second.id).toBe('jiangmen-2024.t15.rectify-zg2.kaiping');
  const third = rectificationSpec({ ...round, obligations: [...round.obligations, second] }, req, [snap(first.id, 'accepted'), snap(second.id, 'cancelled')], '2024-12-01T23:59:59+08:00', '2024-11-01T00:00:00+08:00');
  expect(third.id).toBe('jiangmen-2024.t15.rectify-zg3.kaiping');
  // Histories from before the numbering replay with the old id.
  expect(rectificationSpec(round, req, [snap(first.id, 'accepted')], '2024-12-01T23:59:59+08:00', '2024-11-01T00:00:00+08:00', false).id).toBe(first.id);
});

test('a 回头看 obligation opens with the name of the supervisor who started it', () => {
  const lb = lookBackSpec(round, [], { by: ' 张督查 ', round: round.round, due: '2024-12-20', units: ['开平市'], seq: 1 }, '2024-12-20T23:59:59+08:00');
  expect(lb.obligations.map((o) => o.id)).toEqual(['jiangmen-2024.t15.rectify-lb1.kaiping']);
  expect(initialState(lb.obligations[0], Date.parse('2024-12-01T00:00:00+08:00')).timeline[0]).toEqual({ at: '2024-12-01T00:00:00+08:00', kind: 'opened', by: '张督查', note: '截止 2024-12-20T23:59:59+08:00' });
});
