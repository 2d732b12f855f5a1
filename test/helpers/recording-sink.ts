// A reminder sink that records what it was asked to deliver, for asserting on notices.
import type { ReminderSink } from '../../activities/reminders';
import type { ReminderNotice } from '../../domain/obligation-timer';

export class RecordingSink implements ReminderSink {
  readonly notices: ReminderNotice[] = [];
  async deliver(notice: ReminderNotice): Promise<void> {
    this.notices.push(notice);
  }
  steps(): string[] {
    return this.notices.map((n) => n.step);
  }
}
