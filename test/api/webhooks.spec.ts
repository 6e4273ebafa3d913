import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../apps/engine/src/webhooks/signature';
import type { Definition } from '@baton/dsl';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

interface Received {
  path: string;
  eventId: string;
  event: string;
  body: { id: string; type: string; data: Record<string, unknown> };
  signed: boolean;
  answered: number;
}

/**
 * A local receiver: verifies every signature with the secret of the path's
 * subscription; /flaky/* answers 500 to the first two tries of each event.
 */
class Receiver {
  readonly got: Received[] = [];
  readonly secrets = new Map<string, string>();
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c)).on('end', () => {
        const path = req.url ?? '';
        const eventId = String(req.headers['baton-event-id']);
        const tries = this.got.filter((g) => g.path === path && g.eventId === eventId).length;
        const answered = path.startsWith('/flaky') && tries < 2 ? 500 : 200;
        const secret = this.secrets.get(path) ?? '';
        this.got.push({ path, eventId, event: String(req.headers['baton-event']), body: JSON.parse(raw), signed: verifySignature(secret, raw, String(req.headers['baton-signature'])), answered });
        res.statusCode = answered;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string) {
    return this.got.filter((g) => g.path === path);
  }

  stop() {
    this.server.closeAllConnections();
    this.server.close();
  }
}

describe('webhooks', () => {
  let engine: TestEngine;
  const receiver = new Receiver();
  const admin = () => auth(engine.as('admin'));

  beforeAll(async () => {
    await receiver.start();
    engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1', WEBHOOK_BACKOFF_MS: 50, WEBHOOK_ATTEMPTS: 5 });
    await publish(engine, leaveRequest());
  });
  afterAll(async () => {
    await engine.close();
    receiver.stop();
  });

  async function subscribe(path: string, events: string[]) {
    const res = await engine.http.post('/api/v1/webhooks').set(admin()).send({ url: `${receiver.url}${path}`, events });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    receiver.secrets.set(path, res.body.secret);
    return res.body.id as string;
  }

  /** A leave request approved by bob, then carol. */
  async function approvedLeave() {
    const started = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    for (const who of ['bob', 'carol']) {
      const task = await pendingTask(engine, engine.as(who), started.id);
      expect((await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(engine.as(who))).send({})).status).toBe(200);
    }
    return started.id;
  }

  describe('out', () => {
    it('signs every delivery; the receiver verifies each and hears the whole life of a request', async () => {
      await subscribe('/all', ['*']);
      const id = await approvedLeave();
      const mine = () => receiver.at('/all').filter((g) => g.body.data.instanceId === id);
      // deliveries are jobs of their own and arrive in any order: wait for the whole life of the request
      await eventually(async () => mine(), (got) => got.some((g) => g.event === 'instance.completed') && got.filter((g) => g.event === 'task.closed').length === 2
        && got.filter((g) => g.event === 'instance.entered').length === 4, { what: 'every event of the request' });
      const got = mine();
      expect(got.every((g) => g.signed)).toBe(true);
      expect(new Set(got.map((g) => g.eventId)).size).toBe(got.length);
      expect(got.map((g) => g.event).filter((e) => e !== 'instance.entered').sort())
        .toEqual(['instance.completed', 'instance.started', 'task.closed', 'task.closed', 'task.created', 'task.created']);
      expect(got.filter((g) => g.event === 'instance.entered').map((g) => g.body.data.node).sort()).toEqual(['approved', 'hr', 'manager', 'start']);
      expect(got.find((g) => g.event === 'task.closed' && g.body.data.assignee === 'bob')!.body).toMatchObject({
        type: 'task.closed', data: { instanceId: id, definitionId: 'leave', node: 'manager', status: 'approved', by: 'bob', taskId: `${id}.manager.1.bob` },
      });
      expect(got.every((g) => g.body.id === g.eventId)).toBe(true);
    });

    it('refuses a signature made with another secret or too long ago', () => {
      const body = '{"a":1}';
      const header = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`;
      expect(verifySignature('whsec_x', body, header)).toBe(false);
      const old = Date.now() - 3600_000;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { signatureHeader } = require('../../apps/engine/src/webhooks/signature');
      expect(verifySignature('whsec_x', body, signatureHeader('whsec_x', body, Math.floor(old / 1000)))).toBe(false);
      expect(verifySignature('whsec_x', body, signatureHeader('whsec_x', body))).toBe(true);
    });

    it('retries a receiver that fails twice, which then gets each event exactly once as a success; the log shows every attempt', async () => {
      const hook = await subscribe('/flaky/1', ['instance.started', 'instance.completed']);
      const id = await approvedLeave();
      const log = await eventually(() => engine.http.get(`/api/v1/webhooks/${hook}/deliveries`).set(admin()).then((r) => r.body),
        (b) => b.total === 2 && b.items.every((d: { status: string }) => d.status === 'succeeded'), { what: 'both deliveries to succeed' });
      const got = receiver.at('/flaky/1');
      const successes = got.filter((g) => g.answered === 200);
      expect(successes.map((g) => g.event).sort()).toEqual(['instance.completed', 'instance.started']);
      expect(new Set(successes.map((g) => g.eventId)).size).toBe(2);
      expect(got.filter((g) => g.answered === 500)).toHaveLength(4);
      expect(got.every((g) => g.signed && g.body.data.instanceId === id)).toBe(true);
      for (const d of log.items) expect(d.attempts.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);
    });

    it('does not retry a receiver the outbound policy refuses: one attempt, failed, naming the rule', async () => {
      const hook = await subscribe('/narrowed', ['instance.started']);
      // the operator narrowed OUTBOUND_ALLOWED_HOSTS after this receiver subscribed
      await engine.db.collection('webhook_subscriptions').updateOne({ _id: hook } as never, { $set: { url: 'https://evil.example/narrowed' } });
      await submit(engine, engine.as('alice'), 'leave', { days: 1 });
      const log = await eventually(() => engine.http.get(`/api/v1/webhooks/${hook}/deliveries`).set(admin()).then((r) => r.body),
        (b) => b.total === 1 && b.items[0].status === 'failed', { what: 'the refused delivery to fail' });
      expect(log.items[0].attempts).toHaveLength(1);
      expect(log.items[0].attempts[0].error).toContain('not on the outbound allowlist');
    });

    it('replays a delivery with the same event id', async () => {
      const hook = await subscribe('/replay', ['instance.started']);
      await submit(engine, engine.as('alice'), 'leave', { days: 1 });
      const [delivery] = (await eventually(() => engine.http.get(`/api/v1/webhooks/${hook}/deliveries?status=succeeded`).set(admin()).then((r) => r.body.items),
        (items) => items.length === 1, { what: 'the first delivery' }));
      const replayed = await engine.http.post(`/api/v1/webhooks/${hook}/deliveries/${delivery.id}/replay`).set(admin());
      expect(replayed.status).toBe(202);
      await eventually(async () => receiver.at('/replay'), (got) => got.length === 2, { what: 'the replay' });
      const [first, again] = receiver.at('/replay');
      expect(again!.eventId).toBe(first!.eventId);
      expect(again!.signed).toBe(true);
      const after = await eventually(() => engine.http.get(`/api/v1/webhooks/${hook}/deliveries`).set(admin()).then((r) => r.body.items[0]),
        (d) => d.attempts.length === 2, { what: 'the replay in the log' });
      expect(after).toMatchObject({ status: 'succeeded', replays: 1 });
      expect(after.attempts.map((a: { replay: boolean }) => a.replay)).toEqual([false, true]);
    });

    it('never shows the secret again and refuses receivers off the allowlist or unknown events', async () => {
      const hook = await subscribe('/quiet', ['task.created']);
      expect((await engine.http.get(`/api/v1/webhooks/${hook}`).set(admin())).body).not.toHaveProperty('secret');
      const off = await engine.http.post('/api/v1/webhooks').set(admin()).send({ url: 'https://evil.example/hook', events: ['*'] });
      expect(off.status).toBe(422);
      expect(off.body.problems).toEqual([{ pointer: '/body/url', message: expect.stringContaining('not on the outbound allowlist') }]);
      const unknown = await engine.http.post('/api/v1/webhooks').set(admin()).send({ url: `${receiver.url}/x`, events: ['instance.exploded'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.problems[0].pointer).toBe('/body/events/0');
      expect(await engine.db.collection('webhook_subscriptions').countDocuments({ url: { $in: ['https://evil.example/hook', `${receiver.url}/x`] } })).toBe(0);
    });
  });

  describe('in', () => {
    let apiKey: string;
    beforeAll(async () => {
      apiKey = (await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'erp', role: 'superAdmin' })).body.key;
    });
    const trigger = (key: string | undefined, body: object) => {
      const req = engine.http.post('/api/v1/definitions/leave/trigger').set({ 'X-Api-Key': apiKey });
      return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
    };

    it('starts one instance for 50 concurrent calls with one Idempotency-Key, and answers each with it', async () => {
      const body = { form: { days: 3 }, onBehalfOf: 'alice' };
      const answers = await Promise.all(Array.from({ length: 50 }, () => trigger('erp-order-4711', body)));
      expect(answers.map((a) => a.status).sort((x, y) => x - y)).toEqual([...Array(49).fill(200), 201]);
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
      expect(await engine.db.collection('instances').countDocuments({ definitionId: 'leave', 'form.days': 3, createdBy: 'alice' })).toBe(1);
    });

    it('refuses a missing key, the same key with another body, and bad form data (which frees the key)', async () => {
      const missing = await trigger(undefined, { form: { days: 1 } });
      expect(missing.status).toBe(400);
      expect(missing.body.problems).toEqual([{ pointer: '/headers/idempotency-key', message: 'is required' }]);
      expect((await trigger('k-1', { form: { days: 1 }, onBehalfOf: 'alice' })).status).toBe(201);
      const other = await trigger('k-1', { form: { days: 2 }, onBehalfOf: 'alice' });
      expect(other.status).toBe(422);
      expect(other.body.problems[0].pointer).toBe('/headers/idempotency-key');
      const bad = await trigger('k-2', { form: { days: 'many' }, onBehalfOf: 'alice' });
      expect(bad.status).toBe(400);
      expect(bad.body.problems[0].pointer).toBe('/form/days');
      expect((await trigger('k-2', { form: { days: 2 }, onBehalfOf: 'alice' })).status).toBe(201);
      const nobody = await trigger('k-3', { form: { days: 2 }, onBehalfOf: 'ghost' });
      expect(nobody.status).toBe(400);
      expect(nobody.body.problems).toEqual([{ pointer: '/body/onBehalfOf', message: 'no active user "ghost"' }]);
    });

    it('hands an outside event to an instance that waits for it', async () => {
      const def: Definition = leaveRequest({ id: 'leave-paid' });
      def.nodes.push({ id: 'paid', type: 'event.wait', config: { event: 'payment.settled', into: 'payment' } });
      def.edges[0] = { from: 'start', to: 'paid' };
      def.edges.push({ from: 'paid', to: 'manager', on: 'received' });
      await publish(engine, def);
      const started = await submit(engine, engine.as('alice'), 'leave-paid', { days: 1 });
      const send = (name: string, key = apiKey) => engine.http.post(`/api/v1/instances/${started.id}/events`).set({ 'X-Api-Key': key }).send({ name, payload: { amount: 120 } });
      expect((await send('invoice.sent')).status).toBe(409);
      const member = (await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'weak', role: 'member' })).body.key;
      expect((await send('payment.settled', member)).status).toBe(403);
      const accepted = await send('payment.settled');
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({ at: ['manager'], vars: { payment: { amount: 120 } } });
      expect((await send('payment.settled')).status).toBe(409);
    });
  });
});
