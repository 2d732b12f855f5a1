// A running 2027 obligation whose year had no holiday arrangement when it started: once the office records one,
// the steps not yet taken follow it (on the time-skipping server, the clock shifted to 2027).
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { PROJECT_ROOT } from '../../config/paths';
import { readCalendarFile } from '../../domain/calendar/arrangement';
import { loadPlan } from '../../domain/plan/load';
import { planRunSpec, ObligationSpec } from '../../domain/obligation/spec';
import { obligationWorkflowV2 } from '../../workflows/obligation';
import { obligationState } from '../../domain/contract/messages';
import { signalArrangements } from '../../client/calendar/holiday-operations';
import { DIRECTORY_FILE, directoryText, PLAN_FILE, planText } from '../helpers/plan-files';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const TQ = 'holiday-arrangements-test';
const suite = timeSkippingSuite(TQ);

const CALENDAR = 'test/fixtures/calendar/calendar-2027.yaml';
const arrangements = readCalendarFile(fs.readFileSync(path.join(PROJECT_ROOT, CALENDAR), 'utf8'), CALENDAR);
const ID = 'jiangmen-2027.t17.cleanup.taishan'; // due Friday 2027-10-15, after 国庆节
const planned = planRunSpec(loadPlan({ file: PLAN_FILE, text: planText }, { file: DIRECTORY_FILE, text: directoryText }, { year: 2027 }))
  .rounds.flatMap((r) => r.obligations)
  .find((o) => o.id === ID)!;
const ms = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();
const timeline = (s: { timeline: { at: string; kind: string }[] }) => s.timeline.map((e) => `${e.kind}@${e.at}`);

async function startIn2027(startAt: string, suffix: string) {
  const shift = (await suite.env.currentTimeMs()) - ms(startAt);
  const { acknowledgeWithin: _none, ...ladderConfig } = planned.ladderConfig;
  const spec: ObligationSpec = { ...planned, ladderConfig, notify: [], clockShiftMs: shift };
  const handle = await suite.env.client.workflow.start(obligationWorkflowV2, {
    args: [spec],
    taskQueue: TQ,
    workflowId: `${ID}.${suffix}`,
  });
  await handle.query(obligationState);
  const until = async (iso: string) => {
    await suite.env.sleep(Math.max(0, ms(iso) - ((await suite.env.currentTimeMs()) - shift)));
    for (let i = 0; i < 200; i++) {
      const d = await handle.describe();
      if (d.status.name !== 'RUNNING' || (!d.raw.pendingWorkflowTask && !d.raw.pendingActivities?.length)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { handle, until };
}

test('started without the 2027 arrangement, the ladder counts Monday to Friday: the first reminder in 国庆节', async () => {
  const { handle, until } = await startIn2027('2027-09-01T00:00', 'without');
  await until('2027-10-19T00:00');
  expect(timeline(await handle.query(obligationState))).toEqual([
    'opened@2027-09-01T00:00:00+08:00',
    'reminder@2027-10-06T09:00:00+08:00',
    'reminder@2027-10-12T09:00:00+08:00',
    'reminder@2027-10-14T09:00:00+08:00',
    'overdue@2027-10-15T23:59:59+08:00',
    '催办@2027-10-18T09:00:00+08:00',
  ]);
  await handle.terminate('测试结束');
});

test('the arrangement recorded while it runs moves the steps not yet taken: the first reminder comes before the holiday', async () => {
  const { handle, until } = await startIn2027('2027-09-01T00:00', 'arranged');
  await until('2027-09-20T10:00');
  expect(await signalArrangements(suite.env.client, [handle.workflowId], arrangements)).toBe(1);
  await until('2027-10-27T00:00');
  const s = await handle.query(obligationState);
  expect(timeline(s)).toEqual([
    'opened@2027-09-01T00:00:00+08:00',
    'reminder@2027-09-30T09:00:00+08:00', // 7th working day before 10-15: 10-01 to 10-07 off, Saturday 10-09 on
    'reminder@2027-10-12T09:00:00+08:00',
    'reminder@2027-10-14T09:00:00+08:00',
    'overdue@2027-10-15T23:59:59+08:00',
    '催办@2027-10-18T09:00:00+08:00',
    '督办@2027-10-20T09:00:00+08:00',
    '通报@2027-10-26T09:00:00+08:00',
  ]);
  expect(suite.sink.ladder.map((n) => n.stepKey)).toEqual(['remind-7', 'remind-3', 'remind-1', 'urge-1', 'supervise-3', 'notify-7']);
  await handle.terminate('测试结束');
});
