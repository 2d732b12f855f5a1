// The delivery log, the digest outbox and the units' link versions, embedded (SQLite, a file) and in
// PostgreSQL, each seen from two processes on the same store: a key accepted by one is known to the other,
// a batch is claimed by one sender only, an abandoned claim is taken over, a revocation applies at once.
import { batchOf, DEFAULT_CLAIM_TTL_MS } from '../../store/outbox';
import type { Stores } from '../../store/from-env';
import { storeKinds } from '../helpers/postgres';
import { shippedReminder } from '../helpers/shipped-reminder';

const taishan = ['t1', 't2', 't3'].map((t) => shippedReminder(`jiangmen-2024.${t}.annual.taishan`));
const kaiping = shippedReminder('jiangmen-2024.t1.annual.kaiping');
const at = '2024-12-20T01:00:05.000Z';

describe.each(storeKinds())('$name', (kind) => {
  let a: Stores;
  let b: Stores;
  beforeAll(async () => {
    await kind.setUp();
    a = await kind.host();
    b = await kind.host();
  });
  afterAll(() => kind.tearDown());

  test('the delivery log: a key accepted by one process is known to the other, once per key and channel', async () => {
    const log = a.deliveries().log;
    const other = b.deliveries().log;
    const key = taishan[0].key;
    expect(await other.accepted(key, 'email')).toBeUndefined();
    await log.record({ key, channel: 'email', status: 'failed', recipients: '', rejected: 'x@example.org', at, error: '451 try later' });
    expect(await other.accepted(key, 'email')).toBeUndefined(); // a failure is no delivery
    await log.record({
      key,
      channel: 'email',
      status: 'accepted',
      messageId: '<m1@example.org>',
      recipients: 'taishan-contact@example.org',
      cc: 'lead@example.org',
      at,
    });
    expect(await other.accepted(key, 'email')).toEqual({
      key,
      channel: 'email',
      status: 'accepted',
      messageId: '<m1@example.org>',
      recipients: 'taishan-contact@example.org',
      cc: 'lead@example.org',
      at,
    });
    expect(await other.accepted(key, 'sms:19900000001')).toBeUndefined();
    // A digest and its members, recorded together.
    await other.recordAll(
      taishan.slice(1).map((n) => ({
        key: n.key,
        channel: 'email',
        status: 'accepted' as const,
        recipients: 'taishan-contact@example.org',
        via: 'digest/abc',
        at,
      })),
    );
    expect(await log.accepted(taishan[2].key, 'email')).toMatchObject({ via: 'digest/abc' });
    expect(await log.count('accepted')).toBe(3);
    expect(await log.count()).toBe(3);
  });

  test('the outbox: a batch enqueued from two processes is one batch, and only one of two simultaneous claims gets it', async () => {
    const [oa, ob] = [a.deliveries().outbox, b.deliveries().outbox];
    await Promise.all([...taishan.map((n) => oa.enqueue(n)), ...taishan.map((n) => ob.enqueue(n)), oa.enqueue(kaiping)]);
    expect(await ob.row(taishan[0].key)).toMatchObject({ state: 'pending', batch: batchOf(taishan[0]), notice: taishan[0] });
    const now = Date.now();
    const claims = await Promise.all([oa.claim(batchOf(taishan[0]), now), ob.claim(batchOf(taishan[0]), now)]);
    const winner = claims.find((c) => c.length > 0)!;
    expect(claims.filter((c) => c.length === 0)).toHaveLength(1);
    expect(winner.map((r) => r.key)).toEqual(taishan.map((n) => n.key).sort());
    expect(winner.every((r) => r.state === 'claimed')).toBe(true);
    // 开平市's notice is another batch, untouched.
    expect(await oa.row(kaiping.key)).toMatchObject({ state: 'pending' });
    await ob.settle(
      winner.map((r) => r.key),
      'sent',
    );
    expect(await oa.row(taishan[1].key)).toMatchObject({ state: 'sent' });
    expect(await oa.claim(batchOf(taishan[0]), now + 10 * DEFAULT_CLAIM_TTL_MS)).toEqual([]); // sent stays sent
  });

  test('the outbox: a claim its sender abandoned is taken over once it is stale; a failure keeps its reason', async () => {
    const [oa, ob] = [a.deliveries().outbox, b.deliveries().outbox];
    const t0 = Date.now();
    expect(await oa.claim(batchOf(kaiping), t0)).toHaveLength(1); // this sender dies with it
    expect(await ob.claim(batchOf(kaiping), t0 + 1000)).toEqual([]); // still held
    const taken = await ob.claim(batchOf(kaiping), t0 + DEFAULT_CLAIM_TTL_MS + 1);
    expect(taken.map((r) => r.notice)).toEqual([kaiping]);
    await ob.settle([kaiping.key], 'failed', '邮件被拒收：550 mailbox unavailable');
    expect(await oa.row(kaiping.key)).toMatchObject({ state: 'failed', reason: '邮件被拒收：550 mailbox unavailable' });
    // Put back to pending (a retryable failure), it can be claimed again at once.
    await oa.settle([kaiping.key], 'pending');
    expect(await ob.claim(batchOf(kaiping), t0 + 2000)).toHaveLength(1);
  });

  test('link versions: a revocation in one process applies at once in the other, and two at once give two versions', async () => {
    expect(await b.linkVersions.of('taishan')).toBe(0);
    expect(await a.linkVersions.revoke('taishan', '司法局 李某', Date.now())).toBe(1);
    expect(await b.linkVersions.of('taishan')).toBe(1);
    const both = await Promise.all([
      a.linkVersions.revoke('taishan', '甲', Date.now()),
      b.linkVersions.revoke('taishan', '乙', Date.now()),
    ]);
    expect(both.sort()).toEqual([2, 3]);
    expect(await a.linkVersions.all()).toEqual({ taishan: 3 });
    expect(await b.linkVersions.of('kaiping')).toBe(0);
  });
});
