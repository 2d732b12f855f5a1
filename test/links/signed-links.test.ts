// The signed report links in notices: valid for one unit until they expire; tampering is detected.
import { MAX_LINK_LIFETIME_DAYS, reportLink, signLink, verifyLink } from '../../store/links/signed-links';

const SECRET = 'a-secret-from-the-environment';
const now = 1_730_000_000;

test('a link opens its own unit until it expires', () => {
  const token = signLink({ unit: 'kaiping', exp: now + 60 }, SECRET);
  expect(verifyLink(token, SECRET, now)).toEqual({ ok: true, claims: { unit: 'kaiping', exp: now + 60 } });
  expect(verifyLink(token, SECRET, now + 61)).toEqual({ ok: false, reason: 'expired' });
});

test('a changed unit, a changed signature, another secret or garbage are refused', () => {
  const token = signLink({ unit: 'kaiping', exp: now + 60 }, SECRET);
  const [payload, sig] = token.split('.');
  const otherUnit = Buffer.from(JSON.stringify({ unit: 'taishan', exp: now + 60 })).toString('base64url');
  expect(verifyLink(`${otherUnit}.${sig}`, SECRET, now)).toEqual({ ok: false, reason: 'tampered' });
  expect(verifyLink(`${payload}.${sig.slice(0, -1)}A`, SECRET, now).ok).toBe(false);
  expect(verifyLink(token, 'another-secret-of-length', now)).toEqual({ ok: false, reason: 'tampered' });
  expect(verifyLink('not-a-token', SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
  expect(() => signLink({ unit: 'x', exp: now }, 'short')).toThrow('at least 16 characters');
});

test('a notice’s link points at the unit’s page and lasts 30 days past the deadline', () => {
  const url = new URL(reportLink('http://localhost:3000/', 'kaiping', '2024-10-20T23:59:59+08:00', SECRET));
  expect(url.pathname).toBe('/u/kaiping');
  const check = verifyLink(url.searchParams.get('t')!, SECRET, Date.parse('2024-11-19T00:00:00+08:00') / 1000);
  expect(check).toMatchObject({ ok: true, claims: { unit: 'kaiping' } });
  expect(verifyLink(url.searchParams.get('t')!, SECRET, Date.parse('2024-11-20T00:00:00+08:00') / 1000)).toEqual({
    ok: false,
    reason: 'expired',
  });
});

test('a link of an older link version is revoked; links signed before versions existed are version 0', () => {
  const now = Math.floor(Date.now() / 1000);
  const old = signLink({ unit: 'kaiping', exp: now + 60 }, SECRET);
  const v1 = new URL(reportLink('http://localhost:3000', 'kaiping', new Date().toISOString(), SECRET, { version: 1 })).searchParams.get(
    't',
  )!;
  expect(verifyLink(old, SECRET, now)).toMatchObject({ ok: true });
  expect(verifyLink(old, SECRET, now, () => 1)).toEqual({ ok: false, reason: 'revoked' });
  expect(verifyLink(v1, SECRET, now, () => 1)).toMatchObject({ ok: true, claims: { unit: 'kaiping', v: 1 } });
  expect(verifyLink(v1, SECRET, now, () => 2)).toEqual({ ok: false, reason: 'revoked' });
});

test('a token signed with the key but living longer than any link duban issues is refused; duban never signs one', () => {
  const day = 86400;
  const longest = signLink({ unit: 'kaiping', exp: now + MAX_LINK_LIFETIME_DAYS * day }, SECRET);
  expect(verifyLink(longest, SECRET, now)).toMatchObject({ ok: true });
  for (const exp of [now + MAX_LINK_LIFETIME_DAYS * day + 1, now + 100 * 365 * day, Number.MAX_SAFE_INTEGER])
    expect(verifyLink(signLink({ unit: 'kaiping', exp }, SECRET), SECRET, now)).toEqual({ ok: false, reason: 'tampered' });
  // Not a whole number of seconds: malformed.
  expect(verifyLink(signLink({ unit: 'kaiping', exp: now + 0.5 }, SECRET), SECRET, now)).toEqual({ ok: false, reason: 'malformed' });
  // A deadline two years ahead (a plan started early for next year): the link lasts the longest allowed and opens.
  const signedAt = now * 1000;
  const far = new URL(
    reportLink('http://localhost:3000', 'kaiping', new Date(signedAt + 730 * day * 1000).toISOString(), SECRET, { nowMs: signedAt }),
  );
  const check = verifyLink(far.searchParams.get('t')!, SECRET, now);
  expect(check).toEqual({ ok: true, claims: { unit: 'kaiping', exp: now + MAX_LINK_LIFETIME_DAYS * day, v: 0 } });
});
