// Where duban's time goes once the burst's notices are due: the worker's stores wrapped so that each batch's steps are
// timed as the sender takes them: the outbox claim, then per channel the delivery log's claim of the send (after the
// message was rendered, with its documents) and its record (after the server took it). A batch's messages carry the
// batch's digest key (or its one notice's key) on every channel, which ties the steps together.
import { digestKey } from '../../../activities/channels/channel';
import type { Stores } from '../../../store/from-env';
import type { DeliveryLog, DeliveryRecord } from '../../../store/delivery-log';
import type { Outbox } from '../../../store/outbox';

export interface SendTimeline {
  /** Message key → when its batch was claimed from the outbox. */
  claimed: Map<string, number>;
  /** `channel|key` → when the send was claimed in the delivery log (the message rendered) and recorded (sent). */
  sendClaimed: Map<string, number>;
  recorded: Map<string, number>;
}

/** `target` with some of its methods replaced; the others called on it. */
function overriding<T extends object>(target: T, over: Partial<T>): T {
  return new Proxy(target, {
    get(t, name) {
      if (name in over) return over[name as keyof T];
      const value: unknown = Reflect.get(t, name, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

export function timedStores(stores: Stores): { stores: Stores; timeline: SendTimeline } {
  const timeline: SendTimeline = { claimed: new Map(), sendClaimed: new Map(), recorded: new Map() };
  const { log, outbox } = stores.deliveries();
  const timedOutbox = overriding<Outbox>(outbox, {
    async claim(batch: string, nowMs: number) {
      const rows = await outbox.claim(batch, nowMs);
      if (rows.length) timeline.claimed.set(rows.length === 1 ? rows[0].key : digestKey(rows), Date.now());
      return rows;
    },
  });
  // A per-addressee channel logs under `sms:<mobile>`: the channel's own name is before the colon.
  const id = (channel: string, key: string) => `${channel.split(':')[0]}|${key}`;
  const note = (rs: DeliveryRecord[]) => {
    // A digest's members are recorded with the digest's key as `via`.
    for (const r of rs)
      for (const key of [r.key, r.via ?? r.key])
        if (!timeline.recorded.has(id(r.channel, key))) timeline.recorded.set(id(r.channel, key), Date.now());
  };
  const timedLog = overriding<DeliveryLog>(log, {
    async claimSend(key: string, channel: string, nowMs?: number) {
      const claim = await log.claimSend(key, channel, nowMs);
      timeline.sendClaimed.set(id(channel, key), Date.now());
      return claim;
    },
    async record(r: DeliveryRecord) {
      await log.record(r);
      note([r]);
    },
    async recordAll(rs: DeliveryRecord[]) {
      await log.recordAll(rs);
      note(rs);
    },
  });
  const deliveries = { log: timedLog, outbox: timedOutbox };
  return { stores: { ...stores, deliveries: () => deliveries }, timeline };
}

/** Each stage's durations (ms) over the batches: claim after the instant, render, then each channel's send. */
export function stagesOf(t: SendTimeline, at: number): [string, number[]][] {
  const stages: [string, number[]][] = [
    ['outbox claim (after the instant)', []],
    ['render + documents (claim to mail send)', []],
    ['SMTP (mail send to accepted)', []],
    ['SMS (render and gateway)', []],
  ];
  for (const [key, claimedAt] of t.claimed) {
    stages[0][1].push(claimedAt - at);
    const mail = t.sendClaimed.get(`email|${key}`);
    const mailDone = t.recorded.get(`email|${key}`);
    if (mail !== undefined) stages[1][1].push(mail - claimedAt);
    if (mail !== undefined && mailDone !== undefined) stages[2][1].push(mailDone - mail);
    const sms = t.sendClaimed.get(`sms|${key}`);
    const smsDone = t.recorded.get(`sms|${key}`);
    if (sms !== undefined && smsDone !== undefined) stages[3][1].push(smsDone - sms);
  }
  return stages;
}
