import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Every request Baton makes to the outside (HTTP nodes, chat messages,
 * webhooks) goes through `send`, which enforces the outbound policy:
 *
 * - the host must be on the allowlist (exact names or `*.example.com`);
 * - the addresses it connects to must be public unicast addresses, unless
 *   the host, the address or its CIDR range is explicitly allowed as private.
 *
 * The address check runs in the socket's own DNS lookup, so the address that
 * was checked is the one connected to: a name that resolves to a public
 * address when checked and to 127.0.0.1 when connecting (DNS rebinding) is
 * not possible.
 */
export interface OutboundPolicy {
  allowedHosts: readonly string[];
  allowPrivate: readonly string[];
}

export interface OutboundRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The request was not sent, or its answer was not accepted; `reason` says which rule. */
export class OutboundRefused extends Error {
  /** trying again cannot change a policy decision */
  readonly retryable = false;

  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OutboundRefused';
  }
}

export function parsePolicy(allowedHosts: string | undefined, allowPrivate: string | undefined): OutboundPolicy {
  const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  return { allowedHosts: list(allowedHosts), allowPrivate: list(allowPrivate) };
}

const hostMatches = (host: string, pattern: string) =>
  pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;

/** Why `url` may not be requested under `policy`, or null when it may. */
export function refusalOf(url: string, policy: OutboundPolicy): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `only http and https are allowed, not ${u.protocol}`;
  if (u.username || u.password) return 'credentials in the URL are not allowed; use headers';
  const host = hostOf(u);
  if (!policy.allowedHosts.some((p) => hostMatches(host, p))) return `host "${host}" is not on the outbound allowlist (OUTBOUND_ALLOWED_HOSTS)`;
  return null;
}

function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Why connecting to `address` (for `host`) is refused, or null when it is a public address or allowed. */
export function addressRefusal(host: string, address: string, policy: OutboundPolicy): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return `"${address}" is not an IP address`;
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  const allowed = policy.allowPrivate.some((entry) => {
    if (entry === host) return true;
    if (entry.includes('/')) {
      try {
        const [net, bits] = ipaddr.parseCIDR(entry);
        return net.kind() === parsed.kind() && parsed.match([net, bits] as never);
      } catch {
        return false;
      }
    }
    return ipaddr.isValid(entry) && ipaddr.process(entry).toString() === parsed.toString();
  });
  return allowed ? null : `${host} resolves to ${parsed.toString()} (${range}); private, loopback and link-local addresses are refused unless allowed (OUTBOUND_ALLOW_PRIVATE)`;
}

/** A DNS lookup for the socket that refuses the addresses the policy does not allow. */
function guardedLookup(host: string, policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as LookupAddress[];
      for (const a of list) {
        const refusal = addressRefusal(host, a.address, policy);
        if (refusal) return callback(new OutboundRefused(refusal), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Sends one request under the policy; answers with the status and at most `maxBytes` of body. */
export function send(request: OutboundRequest, policy: OutboundPolicy): Promise<OutboundResponse> {
  const refusal = refusalOf(request.url, policy);
  if (refusal) return Promise.reject(new OutboundRefused(refusal));
  const u = new URL(request.url);
  const host = hostOf(u);
  // an IP literal is never looked up: check it here
  if (isIP(host)) {
    const literal = addressRefusal(host, host, policy);
    if (literal) return Promise.reject(new OutboundRefused(literal));
  }
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // a plain timer, cleared on the answer: an AbortSignal.timeout kept each request alive until the timeout
    // ran out, so a campaign held the last 10 s of its requests (about 200 MB) and paid for collecting them
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, request.timeoutMs);
    const settle = <T>(done: (value: T) => void) => (value: T) => {
      clearTimeout(timer);
      done(value);
    };
    const ok = settle(resolve);
    const fail = settle(reject);
    const req = client.request(u, {
      method: request.method ?? 'GET',
      headers: { 'user-agent': 'Baton', ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}), ...request.headers },
      lookup: guardedLookup(host, policy),
      ...(request.signal ? { signal: request.signal } : {}),
      // redirects are not followed: a 3xx is an answer, so a redirect cannot lead past the policy
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const tooLarge = () => {
        res.destroy();
        fail(new OutboundRefused(`the response is larger than ${request.maxBytes} bytes`));
      };
      if (Number(res.headers['content-length'] ?? 0) > request.maxBytes) return tooLarge();
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > request.maxBytes) return tooLarge();
        chunks.push(chunk);
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => fail(timedOut ? new Error(`no answer within ${request.timeoutMs} ms`) : error));
    });
    req.on('error', (error) => fail(timedOut && !(error instanceof OutboundRefused) ? new Error(`no answer within ${request.timeoutMs} ms`) : error));
    // the body goes out with the headers, in one write
    req.end(request.body);
  });
}
