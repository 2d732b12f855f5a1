// The plan's annual summary (年度总结) from its ledger, no server: totals by stage and task, and what is
// still owed, most escalated first.
import { annualSummary } from '../../domain/obligation/annual';
import { ledger, lookBack, planFacts, rectification } from '../helpers/sample-ledger';
import { renderAnnual } from '../../activities/mail/templates';
import { scoringRules } from '../../domain/scoring/rules';
import { annualRanking, scoreUnits } from '../../domain/scoring/score';

test('the figures of the year and the obligations still owed', () => {
  const a = annualSummary(planFacts, ledger, '2024-12-31T23:59:59+08:00', 'jiangmen-2024');
  expect(a).toMatchObject({
    key: 'jiangmen-2024/annual-summary',
    plan: 'jiangmen-2024',
    year: 2024,
    to: ['市司法局'],
    toEmails: [planFacts.supervisorEmail],
    total: 7,
  });
  expect(a.toEmails[0]).toMatch(/@example\.org$/);
  expect(a.byStage).toEqual({ open: 2, overdue: 1, submitted: 1, returned: 1, accepted: 1, cancelled: 1 });
  expect(a.byTask).toEqual([{ task: 15, total: 7, closed: 2, overdue: 1 }]);
  // Owed: the overdue county (escalated to 催办) first, then the returned report, the 整改 and the 回头看.
  expect(a.outstanding[0]).toEqual({
    id: 'jiangmen-2024.t15.rectify.xinhui',
    task: 15,
    unit: '新会区',
    duty: '涉企乱罚款专项整治完成情况',
    due: '2024-10-20T23:59:59+08:00',
    stage: 'overdue',
    level: 1,
  });
  expect(
    a.outstanding
      .slice(1)
      .map((o) => o.id)
      .sort(),
  ).toEqual(['jiangmen-2024.t15.rectify.heshan', rectification.id, lookBack.obligations[0].id].sort());
});

test('the annual summary mail ranks the units by their score at year end', () => {
  const at = '2024-12-31T23:59:59+08:00';
  const a = {
    ...annualSummary(planFacts, ledger, at, 'jiangmen-2024'),
    ranking: annualRanking(scoreUnits(ledger, scoringRules(), Date.parse(at))),
  };
  const { text } = renderAnnual(a, { contact: '市司法局 0750-0000000', issuer: '江门市司法局' });
  const lines = text.split('\n');
  const from = lines.indexOf('各单位考核得分排名（5）：');
  expect(from).toBeGreaterThan(0);
  // 开平市: +2 on time, −2 for the finding, its 整改 (due 12-01) still missing (−5). Equal scores share a rank,
  // in the order of their names: 鹤山市 returned (−1) and missing since, 台山市 a day late (−1) and its 回头看
  // missing, 新会区 silent after its 催办 (−1); each missing report capped at −5. 恩平市: cancelled, nothing scored.
  expect(lines.slice(from + 1, from + 6)).toEqual([
    '  1. 恩平市 0 分（按时 0，逾期报送 0，逾期未报 0，催办督办通报 0，退回 0，整改 0）',
    '  2. 开平市 -5 分（按时 1，逾期报送 0，逾期未报 1，催办督办通报 0，退回 0，整改 1）',
    '  3. 鹤山市 -6 分（按时 0，逾期报送 0，逾期未报 1，催办督办通报 0，退回 1，整改 0）',
    '  3. 台山市 -6 分（按时 0，逾期报送 1，逾期未报 1，催办督办通报 0，退回 0，整改 0）',
    '  3. 新会区 -6 分（按时 0，逾期报送 0，逾期未报 1，催办督办通报 1，退回 0，整改 0）',
  ]);
});
