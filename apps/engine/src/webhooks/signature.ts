import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Outbound webhooks are signed like Stripe's: HMAC-SHA256 with the
 * subscription's secret over `${timestamp}.${body}`, sent as
 * `Baton-Signature: t=<unix seconds>,v1=<hex>`. A receiver recomputes it and
 * refuses old timestamps, so a captured delivery cannot be replayed later.
 */
export const SIGNATURE_HEADER = 'baton-signature';

export function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** True when `header` signs `body` with `secret` and is at most `toleranceSeconds` old. */
export function verifySignature(secret: string, body: string, header: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
