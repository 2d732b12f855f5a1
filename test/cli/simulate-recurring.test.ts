// `duban simulate` on a plan whose duties recur (quarterly and monthly): every period runs as a round of its own
// on the 2024 calendar, with its deadline, its ladder and its 汇总 (on the time-skipping server).
import fs from 'node:fs';
import { duban } from '../helpers/processes';
import { loadPlan } from '../../domain/plan/load';

const PLAN = 'test/fixtures/plans/recurring.yaml';
const DIR = 'test/fixtures/plans/directory.yaml';

interface Notice {
  at: string;
  step: string;
  obligation?: string;
  round?: string;
  compiledAt?: string;
  summary?: { onTime: string[]; late: string[]; missing: string[] };
}

let notices: Notice[];
beforeAll(async () => {
  const r = await duban(['simulate', PLAN, '--directory', DIR, '--json'], {});
  expect(r.code).toBe(0);
  notices = JSON.parse(r.stdout) as Notice[];
}, 180_000);

test('each period is compiled (汇总) at its own deadline and delivered at the next office hour', () => {
  const compiled = notices.filter((n) => n.step === '汇总').map((n) => `${n.round} ${n.compiledAt!.slice(0, 10)} ${n.at}`);
  expect(compiled).toEqual([
    'recurring-2024.t1.progress-q2 2024-06-30 2024-07-01T09:00:00+08:00', // Sunday deadline, Monday delivery
    'recurring-2024.t1.progress-q3 2024-09-30 2024-10-08T09:00:00+08:00', // after the National Day holiday
    'recurring-2024.t2.monthly-m09 2024-10-05 2024-10-08T09:00:00+08:00',
    'recurring-2024.t2.monthly-m10 2024-11-05 2024-11-06T09:00:00+08:00',
    'recurring-2024.t2.monthly-m11 2024-12-05 2024-12-06T09:00:00+08:00',
    'recurring-2024.t1.progress-q4 2024-12-30 2024-12-31T09:00:00+08:00',
    // December's report is due on Sunday 2025-01-05: compiled once that day is over.
    expect.stringMatching(/^recurring-2024\.t2\.monthly-m12 2025-01-0[56] 2025-01-06T09:00:00\+08:00$/),
  ]);
  // Nobody reports in this run: every 汇总 lists its unit as missing.
  for (const n of notices.filter((x) => x.step === '汇总')) expect(n.summary!.missing).toHaveLength(1);
});

test('every period’s reminders and escalations go out on its own ladder, as the plan expands it', () => {
  const loaded = loadPlan({ file: PLAN, text: fs.readFileSync(PLAN, 'utf8') }, { file: DIR, text: fs.readFileSync(DIR, 'utf8') });
  expect(loaded.obligations).toHaveLength(7);
  for (const o of loaded.obligations) {
    const sent = notices.filter((n) => n.obligation === o.id && n.step !== 'acknowledge').map((n) => `${n.step} ${n.at}`);
    expect(sent).toEqual(o.ladder.map((s) => `${s.step} ${s.at}`));
  }
  // The third quarter, spelled out: its last reminder on Sunday Sep 29 (a make-up working day in 2024).
  expect(notices.filter((n) => n.obligation === 'recurring-2024.t1.progress-q3.jia').map((n) => `${n.step} ${n.at.slice(0, 10)}`)).toEqual([
    'acknowledge 2024-07-03', // 签收提醒: the period opens on Jul 1; the 2nd working day after
    'acknowledge 2024-07-04',
    'reminder 2024-09-20',
    'reminder 2024-09-26',
    'reminder 2024-09-29',
    '催办 2024-10-08',
    '督办 2024-10-10',
    '通报 2024-10-15',
  ]);
});

test('a period is not announced before it starts: the October report is first heard of in October', () => {
  const first = notices.find((n) => n.obligation === 'recurring-2024.t2.monthly-m10.yi')!;
  expect(first.at >= '2024-10-01').toBe(true);
});
