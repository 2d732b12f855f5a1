// An SMS provider that sends nothing and keeps what it was given, for channel tests.
import type { Sms, SmsProvider } from '../../activities/sms/providers';

export class RecordingSms implements SmsProvider {
  readonly name = 'recording';
  readonly sent: Sms[] = [];
  async send(m: Sms) {
    this.sent.push(m);
    return `sms-${this.sent.length}`;
  }
}
