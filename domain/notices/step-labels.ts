// The kinds of notice and the Chinese name of each: mail subjects (【催办】…), the worker's log lines and the
// simulation's timeline all say it the same way.
import type { LadderStepName } from '../calendar/ladder';

/** A notice's kind: a rung of the ladder, or the report to the supervisor that a notice could not be delivered. */
export type NoticeStep = LadderStepName | 'acknowledge' | 'undeliverable' | 'extension-applied' | 'extension-decided';

export const STEP_ZH: Record<NoticeStep, string> = {
  reminder: '提醒',
  acknowledge: '签收提醒',
  催办: '催办',
  督办: '督办',
  通报: '通报',
  undeliverable: '投递失败',
  'extension-applied': '延期申请',
  'extension-decided': '延期申请审批结果',
};
