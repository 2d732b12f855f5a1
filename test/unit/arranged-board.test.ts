// The board's and the portal's lights, the charts' year line and the ledger's read side count working days on the
// holiday arrangements the plan's obligations follow, as the obligations' own yellow light does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HolidayArrangement } from '../../domain/calendar/holidays';
import { boardModel, unitDuties } from '../../domain/obligation/board';
import { yearTimeline } from '../../domain/charts/year-timeline';
import { scoringRules } from '../../domain/scoring/rules';
import { withOfficeCalendar } from '../../client/plan-arrangements';
import { ledger } from '../helpers/sample-ledger';

// 鹤山市 is due again on Friday 2024-11-08: yellow from its 3rd working day before, Tuesday 11-05, or Monday 11-04
// when the office's arrangement gives Wednesday 11-06 off.
const MONDAY = Date.parse('2024-11-04T08:00:00+08:00');
const dayOff: HolidayArrangement[] = [{ year: 2024, holidays: '1001-1007 1106', workdays: '0929 1012' }];
const heshan = (rows: { unit: string; light: string }[]) => rows.find((r) => r.unit === '鹤山市')!.light;

test('a holiday the arrangement adds turns the board’s light yellow a working day earlier', () => {
  expect(heshan(boardModel(ledger, MONDAY).cells[15]['鹤山市'])).toBe('green');
  const m = boardModel(ledger, MONDAY, dayOff);
  expect(heshan(m.cells[15]['鹤山市'])).toBe('yellow');
  expect(m.totals).toMatchObject({ red: 1, yellow: 1 });
});

test('the portal page and the year line follow the same arrangement', () => {
  expect(heshan(unitDuties(ledger, 'heshan', MONDAY))).toBe('green');
  expect(heshan(unitDuties(ledger, 'heshan', MONDAY, dayOff))).toBe('yellow');
  const returned = (own?: HolidayArrangement[]) =>
    yearTimeline(ledger, MONDAY, undefined, own).find((r) => r.due.startsWith('2024-10-20') && !r.followUp)!;
  expect(returned().yellow).toBe(0);
  expect(returned(dayOff).yellow).toBe(1);
});

test("the office's calendar file goes over the arrangements a plan was started with, as told to its obligations", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-arranged-'));
  const file = path.join(dir, 'calendar.yaml');
  const started = scoringRules({ holidays: [{ year: 2027, holidays: '0101', workdays: '' }] });
  expect(withOfficeCalendar(started, file)).toBe(started); // no file: as started
  fs.writeFileSync(
    file,
    'years:\n  - year: 2027\n    holidays:\n      - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }\n    workdays: []\n',
  );
  expect(withOfficeCalendar(started, file).holidays).toEqual([{ year: 2027, holidays: '0101-0103', workdays: '' }]);
  fs.writeFileSync(file, 'years: [oops\n');
  expect(withOfficeCalendar(started, file)).toBe(started); // a broken file was never told to the obligations
  fs.rmSync(dir, { recursive: true });
});
