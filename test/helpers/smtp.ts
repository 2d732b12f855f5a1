// A real SMTP server for tests (smtp-server), keeping every message it accepts, parsed (mailparser).
import { SMTPServer } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export class TestSmtp {
  readonly messages: ParsedMail[] = [];
  /** Recipients matching this are refused with 550, as a server refuses an unknown mailbox. */
  reject?: RegExp;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (this.reject?.test(address.address)) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
          return cb(err);
        }
        cb();
      },
      onData: (stream, _session, cb) => {
        simpleParser(stream).then(
          (m) => {
            this.messages.push(m);
            cb();
          },
          (e) => cb(e),
        );
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}
