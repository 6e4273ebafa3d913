import { MongoClient } from 'mongodb';
import { seedPeople } from '../support/engine';
import { serviceUrls, TEST_SECRET, uniqueName, withDatabase } from '../support/env';
import { eventually } from '../support/eventually';
import { EngineProcess, tokenFor } from '../support/process';
import { campaignDefinition, routingDefinition, sopDefinition, startSink } from '../support/crm';

/** Routing, campaigns and SOP cadences across real engine processes: two at once, and one killed. */
describe('CRM across engine processes', () => {
  const { mongo, redis } = serviceUrls();
  const env = { MONGODB_URI: withDatabase(mongo, uniqueName('baton')), REDIS_URL: redis, JWT_SECRET: TEST_SECRET, QUEUE_PREFIX: uniqueName('bq'), RELAY_SWEEP_MS: '500', RATE_LIMIT_PER_MINUTE: '100000', OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' };
  const engines: EngineProcess[] = [];
  const client = new MongoClient(env.MONGODB_URI);
  const as = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });
  const engine = async () => {
    const e = new EngineProcess(env);
    engines.push(e);
    await e.start();
    return e;
  };
  const publish = async (e: EngineProcess, def: { id: string }) => {
    expect((await e.http().put(`/api/v1/definitions/${def.id}`).set(as('admin')).send(def)).status).toBe(200);
    const res = await e.http().post(`/api/v1/definitions/${def.id}/publish`).set(as('admin')).send({});
    expect(res.status).toBe(201);
  };

  beforeAll(() => seedPeople(client.db()));
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop('SIGKILL')));
    await client.db().dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('round-robin stays fair over 1,000 items decided by two engine processes at once', async () => {
    const [a, b] = await Promise.all([engine(), engine()]);
    await publish(a, routingDefinition('fair', {
      teams: { desk: ['alice', 'bob', 'carol'] },
      rules: [{ id: 'all', when: true, target: { type: 'team', value: 'desk' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'erin' },
    }));
    const counts: Record<string, number> = {};
    let next = 0;
    const lane = async (lane: number) => {
      while (next < 1000) {
        const i = next++;
        const res = await (i % 2 ? a : b).http().post('/api/v1/routing/fair/decisions').set(as('admin')).send({ item: { id: `i${i}` } });
        expect(res.status).toBe(201);
        counts[res.body.assignee] = (counts[res.body.assignee] ?? 0) + 1;
      }
      return lane;
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => lane(i)));
    const values = Object.values(counts);
    expect(Object.keys(counts).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(values.reduce((x, y) => x + y, 0)).toBe(1000);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    await Promise.all([a.stop(), b.stop()]);
  }, 300_000);

  it('a campaign worker killed with SIGKILL mid-send and started again leaves every recipient exactly one message', async () => {
    const sink = await startSink();
    try {
      const first = await engine();
      const csv = ['id,name,tags', ...Array.from({ length: 300 }, (_, i) => `k${i},Kill ${i},promo`)].join('\n');
      expect((await first.http().post('/api/v1/customers/import').set(as('admin')).send({ csv })).status).toBe(201);
      await publish(first, campaignDefinition('killed', { audience: { tags: { any: ['promo'] } } },
        { type: 'channel.webhook', config: { url: sink.url, ratePerSecond: 100, variants: [{ name: 'A', weight: 100, body: 'Hi {{customer.name}}' }] } }));
      const started = await first.http().post('/api/v1/campaigns').set(as('admin')).send({ definitionId: 'killed' });
      expect(started.status).toBe(201);
      await eventually(async () => sink.messages.size, (n) => n >= 80, { what: 'the campaign under way', timeoutMs: 90_000 });
      await first.stop('SIGKILL');
      const atKill = sink.messages.size;
      expect(atKill).toBeLessThan(300);

      const second = await engine();
      const done = await eventually(
        () => second.http().get(`/api/v1/campaigns/${started.body.id}`).set(as('admin')).then((r) => r.body),
        (c) => c.status === 'completed', { what: 'the campaign completed after the restart', timeoutMs: 120_000 });
      expect(done.progress).toMatchObject({ total: 300, sent: 300, failed: 0, inFlight: 0 });
      // on the sink: one message per recipient, each under its own key
      const perCustomer = sink.perCustomer();
      expect(perCustomer.size).toBe(300);
      expect([...perCustomer.values()].every((n) => n === 1)).toBe(true);
      // re-sent deliveries (claimed before the kill, not yet marked) carried the same key
      expect(sink.deliveries).toBeGreaterThanOrEqual(300);
      await second.stop();
    } finally {
      await sink.close();
    }
  }, 300_000);

  it('an engine killed in the middle of a cadence neither loses nor repeats a step', async () => {
    const db = client.db();
    await db.collection('users').updateOne({ tenantId: 'acme', id: 'dave' }, { $set: { managerId: 'erin' } });
    const first = await engine();
    await publish(first, sopDefinition('durable', {
      trigger: { event: 'customer.added' },
      steps: [
        { at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' },
        { at: 'PT4S', action: 'remind', text: 'Remember {{customer.name}}' },
        { at: 'PT5S', action: 'escalate', text: 'Escalated {{customer.name}}' },
      ],
    }));
    expect((await first.http().post('/api/v1/customers').set(as('admin')).send({ id: 'sop-1', name: 'Durable', owner: 'dave' })).status).toBe(201);
    const runId = (await eventually(() => db.collection('sop_runs').findOne({ customerId: 'sop-1' }), (r) => Boolean(r?.steps[0].doneAt), { what: 'the first step', timeoutMs: 60_000 }))!.id as string;
    await first.stop('SIGKILL');

    const second = await engine();
    const run = await eventually(() => second.http().get(`/api/v1/sop/runs/${runId}`).set(as('admin')).then((r) => r.body), (r) => r.status === 'completed', { what: 'the cadence completed after the restart', timeoutMs: 90_000 });
    expect(run.steps.map((s: { outcome: string }) => s.outcome)).toEqual(['follow-up task for dave', 'reminded dave', 'escalated to erin, manager of dave']);
    const notes = await db.collection('notifications').find({ instanceId: runId }).toArray();
    expect(notes.map((n) => `${n.userId}: ${n.body}`).sort()).toEqual(['dave: Call Durable', 'dave: Remember Durable', 'erin: Escalated Durable']);
    // one claim per step (a kill between the step and its log may leave a claim not marked done; the run and the notes above say it ran once)
    expect(await db.collection('sop_step_log').countDocuments({ runId })).toBe(3);
    await second.stop();
  }, 240_000);
});
