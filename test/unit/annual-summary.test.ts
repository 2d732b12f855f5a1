// The plan's annual summary (年度总结) from its ledger, no server: totals by stage and task, and what is
// still owed, most escalated first.
import { annualSummary } from '../../domain/obligation/annual';
import { ledger, lookBack, planFacts, rectification } from '../helpers/sample-ledger';

test('the figures of the year and the obligations still owed', () => {
  const a = annualSummary(planFacts, ledger, '2024-12-31T23:59:59+08:00', 'jiangmen-2024');
  expect(a).toMatchObject({ key: 'jiangmen-2024/annual-summary', plan: 'jiangmen-2024', year: 2024, to: ['市司法局'], toEmails: [planFacts.supervisorEmail], total: 7 });
  expect(a.toEmails[0]).toMatch(/@example\.org$/);
  expect(a.byStage).toEqual({ open: 2, overdue: 1, submitted: 1, returned: 1, accepted: 1, cancelled: 1 });
  expect(a.byTask).toEqual([{ task: 15, total: 7, closed: 2, overdue: 1 }]);
  // Owed: the overdue county (escalated to 催办) first, then the returned report, the 整改 and the 回头看.
  expect(a.outstanding[0]).toEqual({ id: 'jiangmen-2024.t15.rectify.xinhui', task: 15, unit: '新会区', duty: '涉企乱罚款专项整治完成情况', due: '2024-10-20T23:59:59+08:00', stage: 'overdue', level: 1 });
  expect(a.outstanding.slice(1).map((o) => o.id).sort()).toEqual(['jiangmen-2024.t15.rectify.heshan', rectification.id, lookBack.obligations[0].id].sort());
});
