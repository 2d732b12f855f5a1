// Mail delivery as the worker sets it up, for channel tests: a test SMTP server, a delivery log (SQLite, in
// memory unless a file is named) and a mailer that sends through that server and records into that log.
import { SqliteDeliveryLog } from '../../store/local/delivery-log';
import { Mailer } from '../../activities/mail/mailer';
import { TestSmtp } from './smtp';

export const FROM = '江门市司法局 <duban@example.org>';

export interface MailDelivery {
  smtp: TestSmtp;
  log: SqliteDeliveryLog;
  mailer: Mailer;
  /** Closes the mailer, stops the SMTP server and closes the log (each only if it was opened). */
  close(): Promise<void>;
}

export async function openMailDelivery(opts: { file?: string; replyTo?: string } = {}): Promise<MailDelivery> {
  const smtp = new TestSmtp();
  await smtp.start();
  const log = new SqliteDeliveryLog(opts.file ?? ':memory:');
  const mailer = new Mailer({ url: smtp.url, from: FROM, ...(opts.replyTo ? { replyTo: opts.replyTo } : {}) }, log);
  return {
    smtp,
    log,
    mailer,
    async close() {
      mailer.close();
      await smtp.stop();
      log.close();
    },
  };
}
