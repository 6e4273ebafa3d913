import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Definition } from '@baton/dsl';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { leaveRequest, publish, submit } from '../support/workflows';

/** Calls `url` first; "ok" leads to the manager, "error" to an end that records the refusal. */
function calling(id: string, url: string): Definition {
  const def = leaveRequest({ id });
  def.nodes.push(
    { id: 'lookup', type: 'http.request', config: { url, method: 'POST', body: { days: '{{form.days}}' }, into: 'answer' } },
    { id: 'refused', type: 'end', config: { status: 'completed' } },
  );
  def.edges[0] = { from: 'start', to: 'lookup' };
  def.edges.push({ from: 'lookup', to: 'manager', on: 'ok' }, { from: 'lookup', to: 'manager', on: 'failed' }, { from: 'lookup', to: 'refused', on: 'error' });
  return def;
}

describe('the HTTP request node', () => {
  let receiver: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        received.push(body);
        res.setHeader('content-type', 'application/json').end(JSON.stringify({ balance: 12, echo: body ? JSON.parse(body) : null }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => {
    receiver.closeAllConnections();
    receiver.close();
  });

  async function run(engine: TestEngine, id: string, url: string) {
    await publish(engine, calling(id, url));
    const started = await submit(engine, engine.as('alice'), id, { days: 2 });
    return eventually(() => engine.http.get(`/api/v1/instances/${started.id}`).set({ Authorization: `Bearer ${engine.as('alice').token}` }).then((r) => r.body),
      (i) => i.path.length > 2, { what: `${url} to be called or refused` });
  }

  describe('with every target host allowlisted but no private addresses allowed', () => {
    let engine: TestEngine;
    beforeAll(async () => {
      engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1,169.254.169.254,10.0.0.1,localhost', OUTBOUND_ALLOW_PRIVATE: '' });
    });
    afterAll(() => engine.close());

    it.each([
      ['loopback', () => `http://127.0.0.1:${port}/score`, /127\.0\.0\.1 \(loopback\)/],
      ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 \(linkLocal\)/],
      ['private network', () => 'http://10.0.0.1/admin', /10\.0\.0\.1 \(private\)/],
      ['a DNS name resolving to loopback', () => `http://localhost:${port}/score`, /localhost resolves to .* \(loopback\)/],
    ])('refuses %s and leaves by the error edge without retrying', async (_, url, reason) => {
      const before = received.length;
      const done = await run(engine, `refuse-${_.replace(/\W+/g, '-')}`, url());
      expect(done.path).toEqual(['start', 'lookup', 'refused']);
      expect(done.vars.error).toEqual({ node: 'lookup', attempts: 1, message: expect.stringMatching(reason) });
      expect(received.length).toBe(before);
    });

    it('refuses a host that is not on the allowlist', async () => {
      const done = await run(engine, 'refuse-unlisted', 'https://example.com/');
      expect(done.vars.error.message).toMatch(/host "example.com" is not on the outbound allowlist/);
    });
  });

  describe('with the loopback address allowed by configuration', () => {
    let engine: TestEngine;
    beforeAll(async () => {
      engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    });
    afterAll(() => engine.close());

    it('posts a chat message in the format of the chat service', async () => {
      const def = leaveRequest({ id: 'chat-notice' });
      def.nodes.push({ id: 'tell', type: 'chat.message', config: { webhook: `http://127.0.0.1:${port}/dingtalk`, service: 'dingtalk', message: '{{form.reason}}: {{form.days}} days' } });
      def.edges[0] = { from: 'start', to: 'tell' };
      def.edges.push({ from: 'tell', to: 'manager' });
      await publish(engine, def);
      const before = received.length;
      await submit(engine, engine.as('alice'), 'chat-notice', { days: 2, reason: 'R&D <offsite>' });
      await eventually(async () => received.length, (n) => n > before, { what: 'the chat message' });
      // not HTML: the text arrives as typed
      expect(JSON.parse(received[before]!)).toEqual({ msgtype: 'text', text: { content: 'R&D <offsite>: 2 days' } });
    });

    it('calls it with the rendered body and keeps the answer in a variable', async () => {
      const done = await run(engine, 'call-allowed', `http://127.0.0.1:${port}/score?days={{form.days}}`);
      expect(done.path).toEqual(['start', 'lookup', 'manager']);
      expect(done.vars.answer).toEqual({ status: 200, body: { balance: 12, echo: { days: '2' } } });
    });
  });
});
