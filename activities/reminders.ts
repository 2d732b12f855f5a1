// The reminder activity: hands a notice to whatever delivers it (log today; mail and SMS later).
import { log } from '@temporalio/activity';
import type { ReminderNotice } from '../domain/timer/rules';

/** Where reminders go. Injected, so tests and later channels plug in without touching workflows. */
export interface ReminderSink {
  deliver(notice: ReminderNotice): Promise<void>;
}

/** Development sink: one readable Chinese line per reminder in the worker's log. */
export const logReminderSink: ReminderSink = {
  async deliver(n) {
    log.info(`【提醒】任务${n.task} ${n.unit}：${n.duty}，截止 ${n.dueAt}（${n.step}）`, { key: n.key });
  },
};

export function createReminderActivities(deps: { sink: ReminderSink }) {
  return {
    async sendReminder(notice: ReminderNotice): Promise<void> {
      await deps.sink.deliver(notice);
    },
  };
}

export type ReminderActivities = ReturnType<typeof createReminderActivities>;
