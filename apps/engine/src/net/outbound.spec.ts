import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressRefusal, OutboundRefused, parsePolicy, refusalOf, send } from './outbound';

describe('the outbound policy', () => {
  const policy = parsePolicy('api.example.com,*.hooks.example.org,127.0.0.1', '');

  it.each([
    ['https://api.example.com/x', null],
    ['https://a.hooks.example.org/x', null],
    ['https://hooks.example.org/x', /not on the outbound allowlist/],
    ['https://evil.com/x', /host "evil.com" is not on the outbound allowlist/],
    ['ftp://api.example.com/x', /only http and https/],
    ['https://user:pw@api.example.com/x', /credentials/],
    ['not a url', /is not a URL/],
  ])('%s', (url, expected) => {
    const refusal = refusalOf(url, policy);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(expected);
  });

  it.each([
    ['127.0.0.1', 'loopback'], ['169.254.169.254', 'linkLocal'], ['10.0.0.1', 'private'], ['192.168.1.1', 'private'],
    ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['100.64.0.1', 'carrierGradeNat'], ['0.0.0.0', 'unspecified'], ['fd00::1', 'uniqueLocal'],
  ])('refuses %s (%s) unless allowed', (address, range) => {
    expect(addressRefusal('h', address, policy)).toContain(`(${range})`);
  });

  it('lets public addresses through, and private ones named by host, address or range', () => {
    expect(addressRefusal('h', '93.184.216.34', policy)).toBeNull();
    expect(addressRefusal('h', '10.1.2.3', parsePolicy('', '10.0.0.0/8'))).toBeNull();
    expect(addressRefusal('h', '11.1.2.3', parsePolicy('', '10.0.0.0/8'))).toBeNull(); // public anyway
    expect(addressRefusal('intranet', '10.1.2.3', parsePolicy('', 'intranet'))).toBeNull();
    expect(addressRefusal('h', '::ffff:127.0.0.1', parsePolicy('', '127.0.0.1'))).toBeNull();
    expect(addressRefusal('h', '10.1.2.3', parsePolicy('', '10.0.0.0/16'))).not.toBeNull();
  });
});

describe('send', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/big') return res.end('x'.repeat(5000));
      if (req.url === '/slow') return; // never answers
      if (req.url === '/stall') return void res.writeHead(200).write('partial'); // answers, then never finishes the body
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ method: req.method, body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const open = parsePolicy('127.0.0.1,localhost', '127.0.0.1');
  const base = () => `http://127.0.0.1:${port}`;

  it('sends and reads the answer when the policy allows the loopback address', async () => {
    const answer = await send({ url: `${base()}/echo`, method: 'POST', body: 'hi', timeoutMs: 2000, maxBytes: 1000 }, open);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', body: 'hi' });
  });

  it('refuses loopback, as an IP and as a name that resolves to it, when not allowed', async () => {
    const closed = parsePolicy('127.0.0.1,localhost', '');
    await expect(send({ url: `${base()}/echo`, timeoutMs: 2000, maxBytes: 1000 }, closed)).rejects.toThrow(/127\.0\.0\.1 \(loopback\)/);
    await expect(send({ url: `http://localhost:${port}/echo`, timeoutMs: 2000, maxBytes: 1000 }, closed)).rejects.toThrow(/localhost resolves to .* \(loopback\)/);
  });

  it('stops reading an answer larger than the limit', async () => {
    await expect(send({ url: `${base()}/big`, timeoutMs: 2000, maxBytes: 1000 }, open)).rejects.toThrow(OutboundRefused);
  });

  it('gives up after the timeout', async () => {
    await expect(send({ url: `${base()}/slow`, timeoutMs: 200, maxBytes: 1000 }, open)).rejects.toThrow('no answer within 200 ms');
  });

  it('gives up after the timeout when the answer stops halfway', async () => {
    await expect(send({ url: `${base()}/stall`, timeoutMs: 200, maxBytes: 1000 }, open)).rejects.toThrow('no answer within 200 ms');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const sending = send({ url: `${base()}/slow`, timeoutMs: 60_000, maxBytes: 1000, signal: controller.signal }, open);
    controller.abort();
    await expect(sending).rejects.toThrow(/abort/i);
  });

  it('does not follow a redirect', async () => {
    const answer = await send({ url: `${base()}/redirect`, timeoutMs: 2000, maxBytes: 1000 }, open);
    expect(answer.status).toBe(302);
  });
});
