import { linkKey, readLink, signLink, type LinkClaims } from './link-token';

const key = 'k'.repeat(40);
const now = new Date('2026-03-02T09:00:00Z');
const claims: LinkClaims = { t: 'acme', k: 'i-1:first:1:bob', d: 'approve', e: now.getTime() + 60_000, n: 'n-1', c: 'email' };

describe('decision link tokens', () => {
  it('reads back what was signed', () => {
    expect(readLink(signLink(claims, key), key, now)).toEqual({ ok: true, claims });
  });

  it('calls a token forged when its content was changed, it was signed with another key, or it is not a token', () => {
    const token = signLink(claims, key);
    const [, signature] = token.split('.');
    const changed = `${Buffer.from(JSON.stringify({ ...claims, d: 'reject' })).toString('base64url')}.${signature}`;
    expect(readLink(changed, key, now)).toEqual({ ok: false, why: 'forged' });
    expect(readLink(signLink(claims, 'x'.repeat(40)), key, now)).toEqual({ ok: false, why: 'forged' });
    for (const bad of ['', 'abc', 'a.b.c', `${token}x`, `${Buffer.from('null').toString('base64url')}.${signature}`]) expect(readLink(bad, key, now).ok).toBe(false);
  });

  it('calls a genuine token past its time expired', () => {
    expect(readLink(signLink(claims, key), key, new Date(claims.e))).toEqual({ ok: false, why: 'expired', claims });
  });

  it('derives a key of its own from the JWT secret unless one is configured', () => {
    expect(linkKey({ JWT_SECRET: key })).not.toBe(key);
    expect(linkKey({ JWT_SECRET: key, DECISION_LINK_SECRET: 'd'.repeat(32) })).toBe('d'.repeat(32));
  });
});
