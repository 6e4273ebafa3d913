import { startEngine, type TestEngine } from '../support/engine';
import { build } from '../support/org';
import { publish } from '../support/workflows';
import { addCustomers, authOf, routingDefinition } from '../support/crm';

describe('routing rules', () => {
  let engine: TestEngine;
  const decide = (definitionId: string, body: Record<string, unknown>, who = 'admin') =>
    engine.http.post(`/api/v1/routing/${definitionId}/decisions`).set(authOf(engine.as(who))).send(body);
  const assignee = async (definitionId: string, body: Record<string, unknown>) => {
    const res = await decide(definitionId, body);
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.assignee as string;
  };

  beforeAll(async () => {
    engine = await startEngine();
    await build(engine, [{ id: 'support', name: 'Support' }], [{ id: 'sam', departments: ['support'] }, { id: 'sue', departments: ['support'] }]);
    await addCustomers(engine, [{ id: 'c-owned', name: 'Owned Ltd', owner: 'bob' }, { id: 'c-stranger', name: 'Stranger', owner: 'mallory' }]);
    await publish(engine, routingDefinition('inquiries', {
      teams: { sales: ['alice', 'bob', 'carol'], asia: ['carol', 'dave'] },
      skills: { carol: ['zh', 'vip'], dave: ['zh'] },
      rules: [
        { id: 'vip', when: { in: ['vip', { var: 'item.tags' }] }, target: { type: 'team', value: 'asia' }, strategy: 'skill', skills: ['vip'] },
        { id: 'key-account', when: { '==': [{ var: 'item.type' }, 'key-account'] }, target: { type: 'team', value: 'sales' }, strategy: 'sticky-owner' },
        { id: 'partners', when: { '==': [{ var: 'item.source' }, 'partner'] }, target: { type: 'team', value: 'sales' }, strategy: 'least-open' },
        { id: 'support', when: { '==': [{ var: 'item.type' }, 'support'] }, target: { type: 'department', value: 'support' }, strategy: 'round-robin' },
        { id: 'web-eu', when: { and: [{ '==': [{ var: 'item.source' }, 'web'] }, { '==': [{ var: 'item.region' }, 'eu'] }] }, target: { type: 'team', value: 'sales' }, strategy: 'round-robin' },
      ],
      fallback: { type: 'user', value: 'erin' },
    }));
  }, 180_000);
  afterAll(() => engine.close());

  it('round-robin takes turns over the team', async () => {
    const picks = [];
    for (let i = 0; i < 6; i++) picks.push(await assignee('inquiries', { item: { source: 'web', region: 'eu' } }));
    expect(picks.slice(0, 3).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(picks.slice(3)).toEqual(picks.slice(0, 3));
  });

  it('round-robin over a department takes its members', async () => {
    const picks = [await assignee('inquiries', { item: { type: 'support' } }), await assignee('inquiries', { item: { type: 'support' } })];
    expect(picks.sort()).toEqual(['sam', 'sue']);
  });

  it('least open items goes to whoever holds the fewest', async () => {
    // the web-eu round-robin above left alice, bob and carol with 2 open each; close two of bob's
    const bobs = (await engine.http.get('/api/v1/routing/decisions?assignee=bob&status=open').set(authOf(engine.as('admin')))).body.items;
    for (const d of bobs) expect((await engine.http.post(`/api/v1/routing/decisions/${d.id}/close`).set(authOf(engine.as('bob')))).status).toBe(200);
    const first = await decide('inquiries', { item: { source: 'partner' } });
    expect(first.body.assignee).toBe('bob');
    expect(first.body.explanation.reason).toMatch(/least open items: alice 2, bob 0, carol \d/);
    expect(await assignee('inquiries', { item: { source: 'partner' } })).toBe('bob');
    // bob now has 2, like alice: the first of the tie in team order
    expect(await assignee('inquiries', { item: { source: 'partner' } })).toBe('alice');
  });

  it('skill match picks only people with every skill needed', async () => {
    for (let i = 0; i < 3; i++) expect(await assignee('inquiries', { item: { tags: ['vip'] } })).toBe('carol');
    // the item may add skills: nobody in asia has "de", so the rule passes and the fallback decides
    const res = await decide('inquiries', { item: { tags: ['vip'], skills: ['de'] } });
    expect(res.body.assignee).toBe('erin');
    expect(res.body.explanation.rules[0]).toEqual({ id: 'vip', matched: true, note: 'nobody in team asia has the skills vip, de' });
  });

  it('sticky owner keeps the customer with its owner, and takes turns when the owner is not in the team', async () => {
    for (let i = 0; i < 3; i++) expect(await assignee('inquiries', { item: { type: 'key-account' }, customerId: 'c-owned' })).toBe('bob');
    const res = await decide('inquiries', { item: { type: 'key-account' }, customerId: 'c-stranger' });
    expect(['alice', 'bob', 'carol']).toContain(res.body.assignee);
    expect(res.body.explanation.reason).toMatch(/no owner among the candidates \(mallory is not\), so round-robin/);
  });

  it('falls back when no rule matches, and says so', async () => {
    const res = await decide('inquiries', { item: { source: 'fax' } });
    expect(res.body).toMatchObject({ assignee: 'erin', rule: null, strategy: 'fallback' });
    expect(res.body.explanation.reason).toMatch(/^no rule matched; fallback user erin/);
  });

  it('stores each decision with its explanation, readable through the API', async () => {
    const made = await decide('inquiries', { item: { id: 'inq-1', source: 'web', region: 'eu', tags: ['new'] } });
    const read = await engine.http.get(`/api/v1/routing/decisions/${made.body.id}`).set(authOf(engine.as('alice')));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: made.body.id, definitionId: 'inquiries', version: 1, rule: 'web-eu', strategy: 'round-robin', status: 'open',
      item: { id: 'inq-1', source: 'web', region: 'eu', tags: ['new'] },
      explanation: {
        rules: [{ id: 'vip', matched: false }, { id: 'key-account', matched: false }, { id: 'partners', matched: false }, { id: 'support', matched: false }, { id: 'web-eu', matched: true }],
        candidates: ['alice', 'bob', 'carol'],
      },
    });
    expect(read.body.explanation.reason).toMatch(/^rule "web-eu" matched; round-robin turn \d+ over 3 \(alice, bob, carol\) → (alice|bob|carol)$/);
    // another tenant cannot read it
    expect((await engine.http.get(`/api/v1/routing/decisions/${made.body.id}`).set(authOf(engine.as('alice', 'other-co')))).status).toBe(404);
  });

  it('outside working hours a matching rule passes to the fallback', async () => {
    await publish(engine, routingDefinition('office', {
      rules: [{ id: 'all', when: true, target: { type: 'user', value: 'alice' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'bob' },
      workingHours: { timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
    }));
    expect(await assignee('office', { item: {}, at: '2026-11-24T10:00:00Z' })).toBe('alice'); // Tuesday 11:00 in Berlin
    const night = await decide('office', { item: {}, at: '2026-11-24T20:00:00Z' });
    expect(night.body.assignee).toBe('bob');
    expect(night.body.explanation.rules).toEqual([{ id: 'all', matched: true, note: 'outside working hours' }]);
    expect((await decide('office', { item: {}, at: '2026-11-22T10:00:00Z' })).body.assignee).toBe('bob'); // Sunday
  });

  it('is run by the routing runtime: submitting a routing definition as a request is refused with the reason', async () => {
    const res = await engine.http.post('/api/v1/instances').set(authOf(engine.as('alice'))).send({ definitionId: 'inquiries', form: {} });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('routing runtime runs it');
    const mine = await engine.http.get('/api/v1/instances?definitionId=inquiries').set(authOf(engine.as('admin')));
    expect(mine.body.total).toBe(0);
  });

  it('refuses a rule with invalid json-logic at publish, naming the field', async () => {
    const def = routingDefinition('broken', {
      rules: [{ id: 'r1', when: { $where: 'sleep(1000)' }, target: { type: 'user', value: 'alice' }, strategy: 'round-robin' },
        { id: 'r2', when: { '==': [{ var: 'form.secret' }, 1] }, target: { type: 'team', value: 'ghosts' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'bob' },
    });
    const admin = authOf(engine.as('admin'));
    expect((await engine.http.put('/api/v1/definitions/broken').set(admin).send(def)).status).toBe(200);
    const res = await engine.http.post('/api/v1/definitions/broken/publish').set(admin).send({});
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(expect.arrayContaining([
      { pointer: '/nodes/1/config/rules/0/when/$where', message: 'unknown operator "$where"' },
      { pointer: '/nodes/1/config/rules/1/when/==/0/var', message: 'path "form.secret" must start with item or customer' },
      { pointer: '/nodes/1/config/rules/1/target/value', message: 'unknown team "ghosts"; declare it under teams' },
    ]));
    expect((await decide('broken', { item: {} })).status).toBe(422);
    expect((await engine.http.get('/api/v1/routing/decisions?definitionId=broken').set(admin)).body.total).toBe(0);
  });

  it('refuses a bad item naming the field', async () => {
    const res = await decide('inquiries', { item: { source: { $ne: null } } });
    expect(res.status).toBe(400);
    expect(res.body.problems[0].pointer).toBe('/body/item/source');
  });
});
