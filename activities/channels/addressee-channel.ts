// A channel that sends one message per addressee (SMS to a mobile, an app message to a user id): each
// addressee gets one message for the notices of a batch it is owed, recorded for each of them in the delivery
// log under `<channel>:<address>`, so a retry, or another worker, sends nothing twice. Only the addressees
// (`to`) are messaged: the people a notice copies are told by mail, so a copied leader's phone does not ring
// for each of a supervisor's 督办.
import { log } from '@temporalio/activity';
import type { Addressee, Notice } from '../../domain/obligation/notice';
import type { DeliveryLog } from '../../store/delivery-log';
import { allows, Channel, digestKey, isPermanent, Refusals } from './channel';

/** What a per-addressee channel needs of its provider. */
export interface Messenger<M> {
  /** The channel's name (sms, …). */
  readonly name: string;
  /** Chinese name of a message in logs: 短信, … */
  readonly label: string;
  /** The provider's name in logs. */
  readonly provider: string;
  readonly description: string;
  /** The addressee's address on this channel, from the directory's contact data; undefined: not reachable. */
  address(a: Addressee): string | undefined;
  /** The address as it may appear in logs and in the delivery log. */
  mask(address: string): string;
  /** One notice, or a digest of several to the same address. */
  render(ns: Notice[], address: string): M | Promise<M>;
  /** Sends under `key`; returns the provider's message id. Throws permanentFailure for a refusal for good. */
  send(address: string, message: M, key: string, ns: Notice[]): Promise<string>;
}

export class AddresseeChannel<M> implements Channel {
  constructor(
    private readonly m: Messenger<M>,
    private readonly log: DeliveryLog,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  get name(): string {
    return this.m.name;
  }

  get description(): string {
    return this.m.description;
  }

  reaches(a: Addressee): boolean {
    return this.m.address(a) !== undefined;
  }

  /** A lone notice: each of its addressees this channel reaches. */
  async deliverNotice(n: Notice): Promise<void> {
    if (!allows(n, this.name)) return;
    for (const address of this.addresses([n])) await this.message(address, [n]);
  }

  /** Several notices at one send time: each address gets one message for the notices it is owed. */
  async deliverBatch(ns: Notice[]): Promise<Refusals> {
    const refused: Refusals = new Map();
    const mine = ns.filter((n) => allows(n, this.name));
    for (const address of this.addresses(mine)) {
      const owed = mine.filter((n) => n.to.some((a) => this.m.address(a) === address) && !refused.has(n.key));
      try {
        await this.message(address, owed);
      } catch (err) {
        if (!isPermanent(err)) throw err;
        for (const n of owed) refused.set(n.key, err.message);
      }
    }
    return refused;
  }

  private addresses(ns: Notice[]): string[] {
    return [...new Set(ns.flatMap((n) => n.to.map((a) => this.m.address(a)).filter((x): x is string => x !== undefined)))];
  }

  /** One message to `address` for those of `ns` not yet sent to it, recorded for each of them at once. */
  private async message(address: string, ns: Notice[]): Promise<void> {
    const channel = `${this.name}:${address}`;
    const pending: Notice[] = [];
    for (const n of ns) if (!(await this.log.accepted(n.key, channel))) pending.push(n);
    if (pending.length === 0) return;
    const lone = pending.length === 1;
    const key = lone ? pending[0].key : digestKey(pending);
    const claim = await this.log.claimSend(key, channel); // another attempt sending the same now: retried later
    if (claim === 'accepted') return;
    try {
      const id = await this.m.send(address, await this.m.render(pending, address), key, pending);
      const at = this.now();
      await this.log.recordAll(
        pending.map((n) => ({
          key: n.key,
          channel,
          status: 'accepted' as const,
          messageId: id,
          recipients: this.m.mask(address),
          at,
          ...(lone ? {} : { via: key }),
        })),
      );
    } finally {
      await this.log.releaseSend(key, channel, claim.token);
    }
    const what = lone ? this.m.label : `${this.m.label}（合并 ${pending.length} 项）`;
    safeLog(`${what}已发送 ${this.m.mask(address)}（${this.m.provider}）`, key);
  }
}

function safeLog(message: string, key: string): void {
  try {
    log.info(message, { key });
  } catch {
    // outside an activity (tests): nothing to log to
  }
}
