// The directory's per-person WeCom user id (`wecom:`): optional, validated and bounded like the other contact
// fields, and carried to the notice's addressee so the WeCom channel can reach them.
import { DateTime } from 'luxon';
import { alter, directoryText, lineOf, planText, refusals, PLAN_FILE, DIRECTORY_FILE } from '../helpers/plan-files';
import { loadPlan } from '../../domain/plan/load';
import { planRunSpec } from '../../domain/obligation/spec';
import { initialState } from '../../domain/obligation/lifecycle';
import { buildNotice } from '../../domain/obligation/notice';
import { routed } from '../../activities/channels/channel';
import { reachesByEmail } from '../../activities/mail/mail-sink';
import { reachesByWecom } from '../../activities/wecom/channel';

const D = DIRECTORY_FILE;
const KAIPING = 'email: kaiping-contact@example.org, mobile: "19900000441"';

test('a contact with a WeCom id: the notice to them can go out by WeCom as well', () => {
  const directory = alter(directoryText, KAIPING, `${KAIPING}, wecom: KaiPing.Liaison-01`);
  const plan = loadPlan({ file: PLAN_FILE, text: planText }, { file: D, text: directory });
  const spec = planRunSpec(plan)
    .rounds.flatMap((r) => r.obligations)
    .find((o) => o.id === 'jiangmen-2024.t1.annual.kaiping')!;
  const state = initialState(spec, DateTime.fromISO('2024-06-01T00:00+08:00').toMillis());
  const n = buildNotice(spec, state, { step: 'reminder', key: 'remind-7', at: '2024-12-20T09:00:00+08:00' }, 'k');
  expect(n.to[0].wecom).toBe('KaiPing.Liaison-01');
  const channels = [
    { name: 'email', reaches: reachesByEmail },
    { name: 'wecom', reaches: reachesByWecom },
  ];
  expect(routed(n, channels).channels).toEqual(['email', 'wecom']);
});

test('a WeCom id that WeCom would not accept is refused with its line', () => {
  for (const bad of ['"开平 联络员"', `"${'a'.repeat(65)}"`, '""']) {
    const directory = alter(directoryText, KAIPING, `${KAIPING}, wecom: ${bad}`);
    expect(refusals(planText, directory)).toEqual([
      `${D}:${lineOf(directory, 'wecom:')} units[28].contact.wecom: 企业微信账号应为 1 到 64 位字母、数字或 _-.@ (WeCom user id must be 1 to 64 letters, digits or _-.@)`,
    ]);
  }
});
