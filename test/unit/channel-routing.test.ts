// Which channels a notice goes out on: the configured ones that reach its addressee from the directory's
// contact data (no mobile: no SMS), within what the notice itself allows (a report of a failed delivery: mail;
// a notice from an older history: mail and SMS).
import { DateTime } from 'luxon';
import { routed } from '../../activities/channels/channel';
import { reachesByEmail } from '../../activities/mail/mail-sink';
import { reachesByMobile } from '../../activities/sms/sms-sink';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice, undeliverableNotice } from '../../domain/obligation/notice';
import { planRunSpec } from '../../domain/obligation/spec';
import { alter, directoryText, loadShipped, PLAN_FILE, DIRECTORY_FILE, planText } from '../helpers/plan-files';
import { loadPlan } from '../../domain/plan/load';

const configured = [
  { name: 'email', reaches: reachesByEmail },
  { name: 'sms', reaches: reachesByMobile },
];
/** A channel every addressee is reachable on (an intranet notice board, say). */
const everyone = { name: 'board', reaches: () => true };

const remind = (plan: ReturnType<typeof loadShipped>, id: string) => {
  const spec = planRunSpec(plan)
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === id)!;
  const state = initialState(spec, DateTime.fromISO('2024-06-01T00:00+08:00').toMillis());
  return { spec, n: buildNotice(spec, state, { step: 'reminder', key: 'remind-7', at: '2024-12-20T09:00:00+08:00' }, `${id}/x.remind-7`) };
};

test('a notice the workflow builds names no channel: the worker routes it by contact data', () => {
  const { n } = remind(loadShipped(), 'jiangmen-2024.t1.annual.kaiping');
  expect(n.channels).toBeUndefined();
  expect(routed(n, configured).channels).toEqual(['email', 'sms']);
  expect(routed(n, configured.slice(0, 1)).channels).toEqual(['email']);
  expect(routed(n, [...configured, everyone]).channels).toEqual(['email', 'sms', 'board']);
});

test('a person the directory lists without a mobile gets no SMS', () => {
  const directory = alter(directoryText, 'email: kaiping-contact@example.org, mobile: "19900000441"', 'email: kaiping-contact@example.org');
  const plan = loadPlan({ file: PLAN_FILE, text: planText }, { file: DIRECTORY_FILE, text: directory });
  const { n } = remind(plan, 'jiangmen-2024.t1.annual.kaiping');
  expect(n.to[0].mobile).toBeUndefined();
  expect(routed(n, configured).channels).toEqual(['email']);
});

test('a notice that names its channels keeps to them: an undeliverable report goes by mail, an older notice by mail and SMS', () => {
  const { spec, n } = remind(loadShipped(), 'jiangmen-2024.t1.annual.kaiping');
  const all = [...configured, everyone];
  expect(routed(undeliverableNotice(spec, n, '收件人被拒收'), all).channels).toEqual(['email']);
  expect(routed({ ...n, channels: ['email', 'sms'] }, all).channels).toEqual(['email', 'sms']);
  expect(routed(routed(n, configured), configured)).toEqual(routed(n, configured)); // routing twice changes nothing
});
