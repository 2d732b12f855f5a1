// Builds every activity from its dependencies, so the worker and the tests wire them the same way.
import { createReminderActivities, logReminderSink, ReminderSink } from './reminders';

export interface ActivityDeps {
  sink: ReminderSink;
}

export const defaultActivityDeps = (): ActivityDeps => ({ sink: logReminderSink });

export function createActivities(deps: ActivityDeps) {
  return { ...createReminderActivities(deps) };
}
