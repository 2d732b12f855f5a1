// Receipt numbers (回执编号) a person can read out on the phone: short, unambiguous, deterministic, distinct across
// the shipped plan's years; receipts given before them keep working wherever a receipt is read.
import { legacyReceiptId, readReceipt, receiptCode, receiptId, receiptSeq } from '../../domain/obligation/ids';
import { planRunSpec } from '../../domain/obligation/spec';
import * as life from '../../domain/obligation/lifecycle';
import { loadShipped } from '../helpers/plan-files';
import { loadPlanFromDisk } from '../../client/plan-files';
import { PureObligation } from '../helpers/pure-obligation';

test('a receipt number is HZ, eight characters in two groups without I, L, O or U, and the submission number', () => {
  expect(receiptId('jiangmen-2026.t1.annual.taishan', 1)).toBe('HZ-FX5R-FCHK-1');
  expect(receiptId('jiangmen-2026.t1.annual.taishan', 2)).toBe('HZ-FX5R-FCHK-2'); // the same obligation, its second report
  expect(receiptId('jiangmen-2026.t1.annual.kaiping', 1)).toMatch(/^HZ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-1$/);
  expect(receiptId('jiangmen-2026.t1.annual.kaiping', 1)).not.toBe('HZ-FX5R-FCHK-1');
  expect(receiptId('jiangmen-2026.t1.annual.taishan', 1).length).toBeLessThan('HZ-jiangmen-2026.t1.annual.taishan-1'.length / 2);
});

test('every obligation of the shipped plan over seven years has its own code', () => {
  const ids = [2024, 2025, 2026, 2027, 2028, 2029, 2030].flatMap((year) =>
    planRunSpec(loadPlanFromDisk('plans/jiangmen-2024.yaml', { year })).rounds.flatMap((r) => r.obligations.map((o) => o.id)),
  );
  expect(ids.length).toBeGreaterThan(3000);
  expect(new Set(ids.map(receiptCode)).size).toBe(ids.length);
});

test('receipts given before short numbers still count: which submission a receipt is, in either form', () => {
  expect(receiptSeq(legacyReceiptId('jiangmen-2024.t15.rectify.kaiping', 3))).toBe(3);
  expect(receiptSeq(receiptId('jiangmen-2024.t15.rectify.kaiping', 3))).toBe(3);
  // A workflow started before short numbers keeps giving the older form (its history replays the same).
  const spec = planRunSpec(loadShipped())
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === 'jiangmen-2024.t15.rectify.kaiping')!;
  const o = new PureObligation(spec, '2024-10-01T00:00:00+08:00').until('2024-10-10T10:00:00+08:00');
  expect(life.applySubmit(o.state, spec, { by: '开平市 王芳', text: '已完成。' }, o.now, false).receipt).toBe(
    'HZ-jiangmen-2024.t15.rectify.kaiping-1',
  );
});

test('a receipt number is read as typed or heard: any case, spaces or no dashes, O/I/L for 0/1; the older form names its duty', () => {
  const code = receiptCode('jiangmen-2024.t15.rectify.kaiping'); // 00RF-SB08
  for (const typed of ['HZ-00RF-SB08-2', 'hz-00rf-sb08-2', ' HZ 00RF SB08 2 ', 'HZOORFSBO8-2', 'hz—00rf—sb08—2'])
    expect(readReceipt(typed)).toEqual({ code, n: 2 });
  expect(readReceipt('HZ-jiangmen-2024.t15.rectify.kaiping-2')).toEqual({ obligation: 'jiangmen-2024.t15.rectify.kaiping', n: 2 });
  for (const typed of ['', 'HZ-00RF-SB0-2', 'HZ-00RF-SBU8-2', 'XX-00RF-SB08-2', 'HZ-00RF-SB08', '00RF-SB08-2'])
    expect(readReceipt(typed)).toBeUndefined();
});
