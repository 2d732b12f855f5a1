// One unit's notices for the shipped plan's 整改 duty (task 15, opened 2024-10-01, due 2024-10-20): 提醒 to 通报, the
// 督办 carrying what its 督办通知书 says. The tests of the documents a mail carries build their notices here.
import { DateTime } from 'luxon';
import { buildNotice, type Notice } from '../../domain/obligation/notice';
import { initialState } from '../../domain/obligation/lifecycle';
import { planRunSpec } from '../../domain/obligation/spec';
import { planLadder } from '../../domain/calendar/ladder';
import { endOfDay } from '../../domain/calendar/deadline';
import { loadShipped } from './plan-files';

export const rectifyRound = planRunSpec(loadShipped()).rounds.find((r) => r.round === 'jiangmen-2024.t15.rectify')!;
export const RECTIFY_OPENED = DateTime.fromISO('2024-10-01T00:00', { zone: 'Asia/Shanghai' });
/** The duty's ladder: each step's key and instant. */
export const rectifySteps = () => planLadder(endOfDay('2024-10-20'), RECTIFY_OPENED);

/** The obligation of `unit` in the 整改 round. */
export const rectifyObligation = (unit: string) => rectifyRound.obligations.find((o) => o.unit === unit)!;

/** Every notice of the unit's ladder, as its obligation, just opened, builds them. */
export function rectifyLadder(unit: string): Notice[] {
  const spec = rectifyObligation(unit);
  const state = initialState(spec, RECTIFY_OPENED.toMillis());
  return rectifySteps().map((s) => buildNotice(spec, state, { step: s.step, key: s.key, at: s.at }, `${spec.id}/20241020.${s.key}`));
}

/** The unit's 督办 notice. */
export const rectifySupervision = (unit: string) => rectifyLadder(unit).find((n) => n.step === '督办')!;
