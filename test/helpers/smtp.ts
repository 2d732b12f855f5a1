// A real SMTP server for tests (smtp-server), keeping every message it accepts, parsed (mailparser).
import { SMTPServer } from 'smtp-server';
import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export class TestSmtp {
  readonly messages: ParsedMail[] = [];
  /** Connections that ended in an error (a client reset mid-transaction); the server went on serving. */
  readonly connectionErrors: Error[] = [];
  /** Envelope recipients (RCPT TO) of each accepted message: who actually received it. */
  private readonly envelopes = new WeakMap<ParsedMail, string[]>();
  /** Recipients matching this are refused with 550, as a server refuses an unknown mailbox. */
  reject?: RegExp;
  /** While set, every transaction is turned away with 421 (service not available), as a server in trouble does. */
  outage = false;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom: (_address, _session, cb) => {
        if (this.outage) return cb(Object.assign(new Error('4.3.2 service not available, try again later'), { responseCode: 421 }));
        cb();
      },
      onRcptTo: (address, _session, cb) => {
        if (this.reject?.test(address.address)) {
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
          return cb(err);
        }
        cb();
      },
      onData: (stream, session, cb) => {
        simpleParser(stream).then(
          (m) => {
            this.envelopes.set(
              m,
              session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            );
            this.messages.push(m);
            cb();
          },
          (e) => cb(e),
        );
      },
    });
    // A client that dies mid-transaction (a worker killed while sending) resets its connection: a real mail
    // server logs that and serves the others, and so does this one (unhandled, the error would end the test).
    this.server.on('error', (err) => this.connectionErrors.push(err));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** The messages this address received (as addressee, copied or blind-copied). */
  inbox(address: string): ParsedMail[] {
    return this.messages.filter((m) => this.envelopes.get(m)?.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}
