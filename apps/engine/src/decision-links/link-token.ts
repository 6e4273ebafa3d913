import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A one-tap decision link's token: what it may do (decide one task one way
 * until a moment) and an HMAC-SHA256 over exactly that. Nothing is stored
 * to issue one; using one is recorded (see DecisionLinksService).
 */
export interface LinkClaims {
  /** tenant */
  t: string;
  /** task id */
  k: string;
  /** the decision the link makes */
  d: 'approve' | 'reject';
  /** expiry, ms since the epoch */
  e: number;
  /** shared by the approve and reject links of one message: one use between them */
  n: string;
  /** the channel the message went by */
  c: 'email' | 'chat';
}

export type LinkReading = { ok: true; claims: LinkClaims } | { ok: false; why: 'forged' | 'expired'; claims?: LinkClaims };

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function mac(payload: string, key: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function signLink(claims: LinkClaims, key: string): string {
  const payload = b64(JSON.stringify(claims));
  return `${payload}.${b64(mac(payload, key))}`;
}

/** A token whose signature does not match, or whose content is not a link's, is forged; a genuine one past its time is expired. */
export function readLink(token: string, key: string, now: Date): LinkReading {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, why: 'forged' };
  const expected = mac(payload, key);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: 'forged' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, why: 'forged' };
  }
  if (typeof claims?.t !== 'string' || typeof claims.k !== 'string' || (claims.d !== 'approve' && claims.d !== 'reject') || typeof claims.e !== 'number' || typeof claims.n !== 'string') {
    return { ok: false, why: 'forged' };
  }
  if (claims.e <= now.getTime()) return { ok: false, why: 'expired', claims };
  return { ok: true, claims };
}

/** The key links are signed with: its own secret, or one derived from JWT_SECRET so that a token of one kind never passes as the other. */
export function linkKey(config: { DECISION_LINK_SECRET?: string; JWT_SECRET: string }): string {
  return config.DECISION_LINK_SECRET ?? createHmac('sha256', config.JWT_SECRET).update('baton decision links').digest('hex');
}
