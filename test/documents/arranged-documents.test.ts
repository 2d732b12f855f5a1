// The working days a 督办通知书 and a 通报 count (逾期 n 个工作日, the day to answer by) are those of the holiday
// arrangements the obligations follow: a holiday the office adds, or a Saturday it makes a working day (调休).
import { PureObligation } from '../helpers/pure-obligation';
import { planFacts, round, roundRows } from '../helpers/sample-ledger';
import type { HolidayArrangement } from '../../domain/calendar/holidays';
import { circular, circularRows, supervisionNotice } from '../../domain/documents/contents';
import { documentSettings } from '../../domain/plan/issuer-schema';
import type { Block } from '../../domain/documents/model';

const settings = documentSettings({ issuer: '江门市司法局' });
const context = (at: string, holidays?: HolidayArrangement[]) => ({ settings, at, planTitle: planFacts.title, holidays });
const NATIONAL_DAY = { year: 2024, holidays: '1001-1007', workdays: '0929 1012' };
/** Monday 10-21 off. */
const mondayOff: HolidayArrangement[] = [{ ...NATIONAL_DAY, holidays: '1001-1007 1021' }];
/** Saturday 10-26 a working day. */
const saturdayOn: HolidayArrangement[] = [{ ...NATIONAL_DAY, workdays: '0929 1012 1026' }];

// 新会区 owes the report due Sunday 2024-10-20.
const xinhui = (at: string) =>
  new PureObligation(
    round.obligations.find((o) => o.unit === '新会区')!,
    '2024-05-15T00:00:00+08:00',
  ).until(at);
const paragraph = (blocks: Block[]) => blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
const lateRow = (blocks: Block[]) => blocks.flatMap((b) => (b.kind === 'table' ? b.rows : [])).find((r) => r[0] === '逾期工作日')?.[1];

test('督办通知书: a holiday the office adds is not a working day overdue', () => {
  const at = '2024-10-22T10:00:00+08:00';
  const o = xinhui(at);
  const plain = supervisionNotice(o.spec, o.state, context(at));
  expect(paragraph(plain.body)).toContain('该事项已逾期2个工作日');
  const arranged = supervisionNotice(o.spec, o.state, context(at, mondayOff));
  expect(paragraph(arranged.body)).toContain('该事项已逾期1个工作日');
  expect(lateRow(arranged.body)).toBe('1');
});

test('督办通知书: a make-up Saturday counts as a working day overdue and to answer in', () => {
  const at = '2024-10-25T10:00:00+08:00'; // Friday: three working days to answer in end on Wednesday, or Tuesday
  const o = xinhui(at);
  expect(paragraph(supervisionNotice(o.spec, o.state, context(at)).body)).toMatch(/于2024年10月30日前/);
  expect(paragraph(supervisionNotice(o.spec, o.state, context(at, saturdayOn)).body)).toMatch(/于2024年10月29日前/);
  const monday = '2024-10-28T10:00:00+08:00';
  const later = xinhui(monday);
  expect(lateRow(supervisionNotice(later.spec, later.state, context(monday)).body)).toBe('6');
  expect(lateRow(supervisionNotice(later.spec, later.state, context(monday, saturdayOn)).body)).toBe('7');
});

test('通报: each unit still owing is late by the working days of the arrangement', () => {
  const at = '2024-10-28T10:00:00+08:00';
  const days = (own?: HolidayArrangement[]) => circularRows(roundRows, at, {}, own).map((r) => `${r.unit} ${r.overdueDays}`);
  expect(days()).toEqual(['新会区 6']);
  expect(days(saturdayOn)).toEqual(['新会区 7']);
  expect(days(mondayOff)).toEqual(['新会区 5']);
  const doc = circular(round, roundRows, context(at, saturdayOn));
  const table = doc.body.find((b) => b.kind === 'table');
  expect(table && table.kind === 'table' && table.rows[0][3]).toBe('7');
});
