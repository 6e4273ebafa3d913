import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { publish } from '../support/workflows';
import { addCustomers, authOf, campaignDefinition, startSink } from '../support/crm';

describe('campaigns', () => {
  let engine: TestEngine;
  let sink: Awaited<ReturnType<typeof startSink>>;
  const admin = () => authOf(engine.as('admin'));
  const start = async (definitionId: string, extra: Record<string, unknown> = {}) => {
    const res = await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId, ...extra });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string };
  };
  const campaign = (id: string) => engine.http.get(`/api/v1/campaigns/${id}`).set(admin()).then((r) => r.body);
  const finished = (id: string) => eventually(() => campaign(id), (c) => c.status === 'completed', { what: `campaign ${id} completed`, timeoutMs: 30_000 });
  const webhook = (variants: unknown[], ratePerSecond = 1000) => ({ type: 'channel.webhook', config: { url: sink.url, variants, ratePerSecond } });
  const body = (text: string) => [{ name: 'A', weight: 100, body: text }];

  beforeAll(async () => {
    // the sink is on this machine: campaign webhooks go out under the outbound policy
    engine = await startEngine({ OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', OUTBOUND_ALLOW_PRIVATE: '127.0.0.1' });
    sink = await startSink();
    const people = [];
    for (let i = 0; i < 40; i++) {
      people.push({ id: `p${i}`, name: `Person ${i}`, email: `p${i}@example.com`, region: i % 2 ? 'eu' : 'asia', source: i < 10 ? 'fair' : 'web',
        tags: i % 4 === 0 ? ['newsletter', 'vip'] : ['newsletter'], attributes: { city: i % 3 ? 'Berlin' : 'Paris', score: i } });
    }
    await addCustomers(engine, people);
  }, 180_000);
  afterAll(async () => {
    await engine.close();
    await sink.close();
  });

  it('selects the audience at send time by tags and filters, personalised per recipient', async () => {
    await publish(engine, campaignDefinition('vip-eu', {
      audience: { tags: { all: ['vip'] }, filter: [{ field: 'region', op: 'in', value: ['eu', 'us'] }, { field: 'attributes.score', op: 'gte', value: 5 }] },
      frequencyCap: { max: 100, perDays: 1 },
    }, webhook(body('Hello {{customer.name}} from {{customer.attributes.city}}'))));
    // a customer added after publishing but before sending is in the audience
    const late = await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'late', name: 'Late <b>Comer</b>', region: 'eu', tags: ['vip'], attributes: { score: 50, city: 'Rome' } });
    expect(late.status).toBe(201);
    const c = await start('vip-eu');
    const done = await finished(c.id);
    // vip: p0, p4, ... p36; eu: odd: none of the vip are odd; so only "late"
    expect(done.progress).toMatchObject({ total: 1, sent: 1, failed: 0, done: 1, etaSeconds: 0 });
    const mine = [...sink.messages.values()].filter((m) => m.key.startsWith(c.id));
    expect(mine).toEqual([expect.objectContaining({ customerId: 'late', body: 'Hello Late &lt;b&gt;Comer&lt;/b&gt; from Rome' })]);

    const search = await engine.http.post('/api/v1/customers/search').set(admin()).send({ audience: { tags: { any: ['vip'] }, filter: [{ field: 'attributes.city', op: 'eq', value: 'Paris' }] }, limit: 0 });
    // vip p0,p4,...,p36 (10) with i % 3 === 0: p0, p12, p24, p36
    expect(search.body.total).toBe(4);
  });

  it('previews the message of any recipient and variant', async () => {
    await publish(engine, campaignDefinition('ab-preview', { audience: { tags: { any: ['newsletter'] } } },
      { type: 'channel.email', config: { ratePerSecond: 10, variants: [{ name: 'A', weight: 50, subject: 'Hi {{customer.name}}', body: 'A for {{customer.email}}' }, { name: 'B', weight: 50, subject: 'Hey', body: 'B {{variant}}' }] } }));
    const res = await engine.http.post('/api/v1/campaigns/preview').set(admin()).send({ definitionId: 'ab-preview', customerId: 'p3', variant: 'A' });
    expect(res.body).toEqual({ variant: 'A', subject: 'Hi Person 3', body: 'A for p3@example.com' });
    const b = await engine.http.post('/api/v1/campaigns/preview').set(admin()).send({ definitionId: 'ab-preview', customerId: 'p3', variant: 'B' });
    expect(b.body.body).toBe('B B');
    const unknown = await engine.http.post('/api/v1/campaigns/preview').set(admin()).send({ definitionId: 'ab-preview', customerId: 'p3', variant: 'C' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0].pointer).toBe('/body/variant');
  });

  it('caps messages per customer per day across two campaigns sending at once', async () => {
    await publish(engine, campaignDefinition('cap-1', { audience: { filter: [{ field: 'source', op: 'eq', value: 'web' }] } }, webhook(body('one {{customer.id}}'), 500)));
    await publish(engine, campaignDefinition('cap-2', { audience: { filter: [{ field: 'source', op: 'eq', value: 'web' }] } }, webhook(body('two {{customer.id}}'), 500)));
    const [a, b] = await Promise.all([start('cap-1'), start('cap-2')]);
    const [da, db] = await Promise.all([finished(a.id), finished(b.id)]);
    // 30 web customers; each gets exactly one of the two campaigns
    expect(da.progress.sent + db.progress.sent).toBe(30);
    expect(da.progress.capped + db.progress.capped).toBe(30);
    const got = [...sink.messages.values()].filter((m) => m.key.startsWith(a.id) || m.key.startsWith(b.id));
    const perCustomer = new Map<string, number>();
    for (const m of got) perCustomer.set(m.customerId, (perCustomer.get(m.customerId) ?? 0) + 1);
    expect(perCustomer.size).toBe(30);
    expect([...perCustomer.values()].every((n) => n === 1)).toBe(true);
    // a third campaign the same day reaches none of them
    const c = await start('cap-1');
    expect((await finished(c.id)).progress).toMatchObject({ total: 30, sent: 0, capped: 30 });
  });

  it('splits A/B by weight, keeps per-variant stats and counts replies and clicks from inbound webhooks', async () => {
    await publish(engine, campaignDefinition('ab', { audience: { tags: { any: ['newsletter'] } }, frequencyCap: { max: 100, perDays: 1 } },
      webhook([{ name: 'A', weight: 30, body: 'A {{customer.id}}' }, { name: 'B', weight: 70, body: 'B {{customer.id}}' }])));
    const c = await start('ab');
    const done = await finished(c.id);
    const [va, vb] = done.variants;
    expect(va.sent + vb.sent).toBe(40);
    const sentA = [...sink.messages.values()].filter((m) => m.key.startsWith(c.id) && m.variant === 'A');
    expect(va.sent).toBe(sentA.length);
    const events = (customerId: string, type: string, key?: string) => engine.http.post(`/api/v1/campaigns/${c.id}/events`).set(key ? { 'X-Api-Key': key } : admin()).send({ customerId, type });
    const key = (await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'inbound', role: 'member' })).body.key;
    expect((await events(sentA[0]!.customerId, 'replied', key)).status).toBe(200);
    expect((await events(sentA[0]!.customerId, 'replied', key)).status).toBe(200);
    expect((await events(sentA[0]!.customerId, 'clicked', key)).status).toBe(200);
    expect((await events('nobody', 'clicked')).status).toBe(404);
    const after = await campaign(c.id);
    expect(after.variants[0]).toMatchObject({ variant: 'A', weight: 30, replied: 1, clicked: 1 });
    expect(after.variants[1]).toMatchObject({ variant: 'B', weight: 70, replied: 0, clicked: 0 });
  });

  it('pauses, resumes and cancels, reporting progress, rate and ETA', async () => {
    await publish(engine, campaignDefinition('slow', { audience: { tags: { any: ['newsletter'] } }, frequencyCap: { max: 100, perDays: 1 } }, webhook(body('slow {{customer.id}}'), 10)));
    const c = await start('slow');
    await eventually(() => campaign(c.id), (x) => x.progress.sent >= 5, { what: 'a few sent' });
    const paused = await engine.http.post(`/api/v1/campaigns/${c.id}/pause`).set(admin());
    expect(paused.status).toBe(200);
    expect(paused.body.status).toBe('paused');
    // what was in flight settles; then nothing more goes out while paused
    const settled = await eventually(() => campaign(c.id), (x) => x.progress.inFlight === 0, { what: 'in-flight messages settled' });
    const sentAtPause = [...sink.messages.keys()].filter((k) => k.startsWith(c.id)).length;
    expect(settled.progress.sent).toBe(sentAtPause);
    expect(settled.progress.sent).toBeLessThan(40);
    expect(settled.progress.ratePerSecond).toBeGreaterThan(0);
    expect(settled.progress.etaSeconds).toBeGreaterThan(0);
    // a paused campaign cannot be paused again
    expect((await engine.http.post(`/api/v1/campaigns/${c.id}/pause`).set(admin())).status).toBe(409);
    const again = await campaign(c.id);
    expect(again.progress.sent).toBe(sentAtPause);

    expect((await engine.http.post(`/api/v1/campaigns/${c.id}/resume`).set(admin())).status).toBe(200);
    const done = await eventually(() => campaign(c.id), (x) => x.status === 'completed', { what: 'completed after resume', timeoutMs: 30_000 });
    expect(done.progress).toMatchObject({ total: 40, sent: 40, done: 40, etaSeconds: 0 });
    expect([...sink.messages.keys()].filter((k) => k.startsWith(c.id))).toHaveLength(40);
    // the throttle: 10 per one-second window, so 40 messages take 4 windows, first and last over 2 s apart (less a little arrival jitter)
    const times = [...sink.arrivals].filter(([k]) => k.startsWith(c.id)).map(([, t]) => t).sort((x, y) => x - y);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(1900);

    const later = await start('slow', { sendAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.status).toBe('scheduled');
    expect((await engine.http.post(`/api/v1/campaigns/${later.id}/cancel`).set(admin())).body.status).toBe('cancelled');
    expect((await engine.http.post(`/api/v1/campaigns/${later.id}/resume`).set(admin())).status).toBe(409);
  });

  it('sends in-app messages into the customer\'s inbox', async () => {
    await publish(engine, campaignDefinition('inbox', { audience: { filter: [{ field: 'id', op: 'eq', value: 'p1' }] }, frequencyCap: { max: 100, perDays: 1 } },
      { type: 'channel.in-app', config: { ratePerSecond: 5, variants: [{ name: 'A', weight: 100, subject: 'News', body: 'Hi {{customer.name}}' }] } }));
    const c = await start('inbox');
    await finished(c.id);
    const inbox = await engine.http.get('/api/v1/customers/p1/messages').set(admin());
    expect(inbox.body.items).toEqual([expect.objectContaining({ campaignId: c.id, subject: 'News', body: 'Hi Person 1' })]);
  });

  it('blocks publishing a campaign with sensitive words, naming the words', async () => {
    expect((await engine.http.put('/api/v1/campaigns/sensitive-words').set(admin()).send({ words: ['guaranteed', 'free money'] })).status).toBe(200);
    const def = campaignDefinition('spam', { audience: {} }, webhook([{ name: 'A', weight: 100, body: 'GUARANTEED returns and Free Money for {{customer.name}}' }]));
    await engine.http.put('/api/v1/definitions/spam').set(admin()).send(def);
    const res = await engine.http.post('/api/v1/definitions/spam/publish').set(admin()).send({});
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ pointer: '/nodes/2/config/variants/0/body', message: 'contains sensitive words: guaranteed, free money' }]);
    const created = await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId: 'spam' });
    expect(created.status).toBe(422);
  });

  it('blocks publishing a campaign whose webhook the outbound policy refuses, naming the URL', async () => {
    const def = campaignDefinition('internal-hook', { audience: {} }, { type: 'channel.webhook', config: { url: 'http://169.254.169.254/latest/meta-data', ratePerSecond: 10, variants: body('Hi') } });
    await engine.http.put('/api/v1/definitions/internal-hook').set(admin()).send(def);
    const res = await engine.http.post('/api/v1/definitions/internal-hook/publish').set(admin()).send({});
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual([{ pointer: '/nodes/2/config/url', message: expect.stringContaining('host "169.254.169.254" is not on the outbound allowlist') }]);
    expect((await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId: 'internal-hook' })).status).toBe(422);
  });

  it('refuses an unknown template variable, a throttle of 0 and an operator injection, naming the field, sending nothing', async () => {
    const before = sink.deliveries;
    const def = campaignDefinition('bad', { audience: { filter: [{ field: 'email', op: 'eq', value: 'x' }, { field: '$where', op: 'eq', value: 'sleep(1)' }] } },
      webhook([{ name: 'A', weight: 100, body: 'Hi {{customer.nmae}} {{secret.token}}' }], 0));
    await engine.http.put('/api/v1/definitions/bad').set(admin()).send(def);
    const res = await engine.http.post('/api/v1/definitions/bad/publish').set(admin()).send({});
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(expect.arrayContaining([
      { pointer: '/nodes/1/config/audience/filter/1/field', message: expect.stringMatching(/^unknown field "\$where"/) },
      { pointer: '/nodes/2/config/ratePerSecond', message: 'must be > 0' },
    ]));
    // the audience is checked before the texts are reached: a definition with only a bad text
    const text = campaignDefinition('bad-text', { audience: {} }, webhook([{ name: 'A', weight: 100, body: 'Hi {{customer.nmae}}' }]));
    await engine.http.put('/api/v1/definitions/bad-text').set(admin()).send(text);
    const textRes = await engine.http.post('/api/v1/definitions/bad-text/publish').set(admin()).send({});
    expect(textRes.body.problems).toEqual([{ pointer: '/nodes/2/config/variants/0/body', message: expect.stringMatching(/^unknown template variable "customer.nmae"/) }]);

    const injected = await engine.http.post('/api/v1/customers/search').set(admin()).send({ audience: { $where: 'sleep(100)' } });
    expect(injected.status).toBe(400);
    expect(injected.body.problems[0].pointer).toBe('/body/audience/$where');
    const nested = await engine.http.post('/api/v1/customers/search').set(admin()).send({ audience: { filter: [{ field: 'email', op: 'eq', value: { $ne: null } }] } });
    expect(nested.status).toBe(400);
    expect(nested.body.problems[0].pointer).toMatch(/^\/body\/audience\/filter\/0\/value/);
    const field = await engine.http.post('/api/v1/customers/search').set(admin()).send({ audience: { filter: [{ field: 'passwordHash', op: 'exists', value: true }] } });
    expect(field.status).toBe(400);
    expect(field.body.problems[0].pointer).toBe('/body/audience/filter/0/field');
    expect((await engine.http.post('/api/v1/campaigns').set(admin()).send({ definitionId: 'bad' })).status).toBe(422);
    expect(sink.deliveries).toBe(before);
  });
});
