// Ids are built in one place and their parts travel as fields; rows and specs from before the fields existed
// are still read right. The Web UI's Chinese summaries read the same wherever a workflow is started.
import { kindOf, placeOf, placeOfRow, receiptId, receiptSeq } from '../../domain/obligation/ids';
import { obligationDetails, obligationSummary, roundDetails, roundSummary } from '../../domain/obligation/summaries';
import { initialState } from '../../domain/obligation/lifecycle';
import { ledger, lookBack, rectification, round, roundRows } from '../helpers/sample-ledger';
import { loadShipped } from '../helpers/plan-files';
import { planRunSpec } from '../../domain/obligation/spec';

test('every row carries its round, unit code and kind; ids are not read back', () => {
  expect(ledger.map((r) => [r.id, r.round, r.unitCode, r.kind])).toContainEqual([
    rectification.id,
    'jiangmen-2024.t15.rectify',
    'kaiping',
    'rectification',
  ]);
  expect(ledger.map((r) => [r.id, r.round, r.unitCode, r.kind])).toContainEqual([
    lookBack.obligations[0].id,
    'jiangmen-2024.t15.rectify.lb1',
    'taishan',
    'lookback',
  ]);
  expect(placeOf(round.obligations[0])).toEqual({
    round: 'jiangmen-2024.t15.rectify',
    unitCode: round.obligations[0].unitCode,
    kind: 'duty',
  });
  expect(receiptSeq(receiptId('jiangmen-2024.t15.rectify.kaiping', 12))).toBe(12);
});

test('specs and rows from before the kind was carried', () => {
  const { kind: _k, ...oldRectification } = rectification;
  const { kind: _l, ...oldLookBack } = lookBack.obligations[0];
  expect([kindOf(oldRectification), kindOf(oldLookBack), kindOf(round.obligations[0])]).toEqual(['rectification', 'lookback', 'duty']);
  expect(placeOfRow({ id: 'jiangmen-2024.t14.may-lb2.gaj', dutyId: 'may-lb2' })).toEqual({
    round: 'jiangmen-2024.t14.may-lb2',
    unitCode: 'gaj',
    kind: 'lookback',
  });
  expect(placeOfRow({ id: 'jiangmen-2024.t14.may-lb1-zg2.gaj', dutyId: 'may-lb1-zg2' })).toMatchObject({
    unitCode: 'gaj',
    kind: 'rectification',
  });
});

test('the summaries and details the Web UI shows', () => {
  const single = planRunSpec(loadShipped(2027)).rounds.find((r) => r.round === 'jiangmen-2027.t15.rectify')!;
  expect(obligationSummary(single.obligations.find((o) => o.unit === '台山市')!)).toBe(
    '任务15 · 台山市 · 涉企乱罚款专项整治完成情况 · 截止 2027-10-20',
  );
  expect(roundSummary(round)).toBe('轮次 · 任务15 · 涉企乱罚款专项整治完成情况 · 截止 2024-10-20 · 5 个单位');
  expect(roundSummary(lookBack, '张督查')).toBe(
    '回头看 · 任务15 · 涉企乱罚款专项整治完成情况（回头看） · 截止 2024-12-20 · 1 个单位 · 张督查 发起',
  );
  expect(roundDetails(round, roundRows)).toBe(
    '轮次 · 任务15 · 涉企乱罚款专项整治完成情况 · 截止 2024-10-20\n共 5 个单位：已办结 1，已报送 1，退回 1，逾期 1，已撤销 1',
  );
  const kaiping = round.obligations.find((o) => o.unit === '开平市')!;
  expect(obligationDetails(kaiping, initialState(kaiping, Date.parse('2024-10-17T08:00:00+08:00')))).toBe(
    '开平市 · 任务15 · 涉企乱罚款专项整治完成情况\n状态：待办；灯：黄灯；截止：2024-10-20T23:59:59+08:00',
  );
});
