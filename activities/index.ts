// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createReminderActivities, logReminderSink, ReminderSink } from './reminders';
import { createNoticeActivities, logNoticeSink, NoticeSink } from './notices';

export interface ActivityDeps {
  sink: ReminderSink;
  notices: NoticeSink;
}

export const defaultActivityDeps = (): ActivityDeps => ({ sink: logReminderSink, notices: logNoticeSink });

export function createActivities(deps: ActivityDeps) {
  return { ...createReminderActivities(deps), ...createNoticeActivities(deps) };
}
