// A 汇总 and a 年度总结 delivered at office hours, later than they were compiled: the mail is dated the day it is
// sent and says as of when; the 汇总 document shows both instants.
import { compile } from '../../domain/obligation/compilation';
import { annualSummary } from '../../domain/obligation/annual';
import { renderAnnual, renderCompilation } from '../../activities/mail/templates';
import { compilationHtml } from '../../activities/mail/compilation-documents';
import { ledger, planFacts, round, roundRows } from '../helpers/sample-ledger';

const ctx = { contact: '市司法局 0750-0000000', issuer: '江门市司法局' };

test('the 汇总 due Sunday 10-20 is dated Monday 10-21, as of the deadline', () => {
  const c = { ...compile(round, roundRows, 'deadline', '2024-10-20T23:59:59+08:00', round.round), sentAt: '2024-10-21T09:00:00+08:00' };
  const { text } = renderCompilation(c, ctx);
  expect(text).toContain('以上为2024年10月20日（星期日）23:59的情况。');
  expect(text.trimEnd().split('\n').slice(-2)).toEqual(['江门市司法局', '2024年10月21日（星期一）']);
  const html = compilationHtml(c);
  expect(html).toContain('汇总时间：2024年10月20日（星期日）23:59（情况截至此时）；发送时间：2024年10月21日（星期一）09:00；');
});

test('a 汇总 sent when it was compiled (before office hours existed) says nothing more', () => {
  const c = compile(round, roundRows, 'deadline', '2024-10-20T23:59:59+08:00', round.round);
  const { text } = renderCompilation(c, ctx);
  expect(text).not.toContain('的情况。');
  expect(text.trimEnd().split('\n').at(-1)).toBe('2024年10月20日（星期日）');
  expect(compilationHtml(c)).not.toContain('发送时间');
});

test('the 年度总结 is dated 2025-01-02, as of year end', () => {
  const a = { ...annualSummary(planFacts, ledger, '2024-12-31T23:59:59+08:00', 'jiangmen-2024'), sentAt: '2025-01-02T09:00:00+08:00' };
  const lines = renderAnnual(a, ctx).text.trimEnd().split('\n');
  expect(lines.slice(-4)).toEqual(['以上为2024年12月31日（星期二）23:59的情况。', '', '江门市司法局', '2025年1月2日（星期四）']);
});
