// A plan whose office recorded the 2027 holiday arrangement: besides the ladder, the 签收提醒 and the yellow light
// follow it (on the time-skipping server, the clock shifted to 2027). The same obligation without the arrangement
// counts Monday to Friday, as the calendar package has no 2027 data.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { PROJECT_ROOT } from '../../config/paths';
import { readCalendarFile } from '../../domain/calendar/arrangement';
import { loadPlan } from '../../domain/plan/load';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import type { HolidayArrangement } from '../../domain/calendar/holidays';
import { obligationWorkflowV2 } from '../../workflows/obligation';
import { obligationState } from '../../domain/contract/messages';
import { DIRECTORY_FILE, directoryText, PLAN_FILE, planText } from '../helpers/plan-files';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'arranged-working-days-test';
const suite = timeSkippingSuite(TQ);

const CALENDAR = 'test/fixtures/calendar/calendar-2027.yaml'; // 国庆节 10-01 to 10-07 off, Saturday 10-09 on
const arrangements = readCalendarFile(fs.readFileSync(path.join(PROJECT_ROOT, CALENDAR), 'utf8'), CALENDAR);
const ID = 'jiangmen-2027.t17.cleanup.taishan'; // due Friday 2027-10-15
const obligation = (holidays?: HolidayArrangement[]) =>
  planRunSpec(loadPlan({ file: PLAN_FILE, text: planText }, { file: DIRECTORY_FILE, text: directoryText }, { year: 2027, holidays }))
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === ID)!;
const ms = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();
const kinds = (s: { timeline: { at: string; kind: string }[] }, kind: string) => s.timeline.filter((e) => e.kind === kind).map((e) => e.at);

/** The obligation with and without the arrangement, both started at `startAt` (2027), and a way to move the clock. */
async function startBoth(startAt: string, suffix: string, change: Partial<ObligationSpec> = {}) {
  const shift = (await suite.env.currentTimeMs()) - ms(startAt);
  const start = (spec: ObligationSpec, name: string) =>
    suite.env.client.workflow.start(obligationWorkflowV2, {
      args: [{ ...spec, ...change, notify: [], clockShiftMs: shift }],
      taskQueue: TQ,
      workflowId: `${ID}.${suffix}.${name}`,
    });
  const arranged = await start(obligation(arrangements), 'arranged');
  const plain = await start(obligation(), 'plain');
  expect(arranged.workflowId).not.toBe(plain.workflowId);
  await Promise.all([arranged.query(obligationState), plain.query(obligationState)]);
  const until = async (iso: string) => {
    await suite.env.sleep(Math.max(0, ms(iso) - ((await suite.env.currentTimeMs()) - shift)));
    for (const handle of [arranged, plain])
      for (let i = 0; i < 200; i++) {
        const d = await handle.describe();
        if (d.status.name !== 'RUNNING' || (!d.raw.pendingWorkflowTask && !d.raw.pendingActivities?.length)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
  };
  return { arranged, plain, until };
}

test('the 签收提醒 of an obligation opened before 国庆节 comes on the 2nd working day after it, the holiday skipped', async () => {
  expect(obligation(arrangements).ladderConfig.holidays?.map((a) => a.year)).toEqual([2027]);
  const { arranged, plain, until } = await startBoth('2027-09-29T10:00', 'ack');
  await until('2027-10-11T00:00');
  // Opened Wednesday 09-29: 1st working day 09-30, 2nd the Friday after the holiday; the leader the 调休 Saturday.
  expect(kinds(await arranged.query(obligationState), 'acknowledge-reminder')).toEqual([
    '2027-10-08T09:00:00+08:00',
    '2027-10-09T09:00:00+08:00',
  ]);
  // Without it: Friday 10-01 and Monday 10-04, in the middle of the holiday.
  expect(kinds(await plain.query(obligationState), 'acknowledge-reminder')).toEqual([
    '2027-10-01T09:00:00+08:00',
    '2027-10-04T09:00:00+08:00',
  ]);
  await Promise.all([arranged.terminate('测试结束'), plain.terminate('测试结束')]);
});

test('the yellow light of a deadline just after 国庆节 comes three working days before it, before the holiday', async () => {
  const due = '2027-10-08T23:59:59+08:00'; // Friday, the first working day after the holiday
  const { arranged, plain, until } = await startBoth('2027-09-20T10:00', 'yellow', { due });
  await until('2027-09-27T12:00');
  expect((await arranged.query(obligationState)).light).toBe('green');
  await until('2027-09-28T12:00'); // 09-28, 09-29, 09-30 are the last three working days before it
  expect((await arranged.query(obligationState)).light).toBe('yellow');
  expect((await plain.query(obligationState)).light).toBe('green'); // counting Monday to Friday: from 10-05
  await until('2027-10-05T12:00');
  expect((await plain.query(obligationState)).light).toBe('yellow');
  await Promise.all([arranged.terminate('测试结束'), plain.terminate('测试结束')]);
});
