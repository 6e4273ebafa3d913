import { startEngine, type TestEngine } from '../support/engine';
import { fourLevelOrg } from '../support/org';
import { auth } from '../support/workflows';

/**
 * Customers are scoped by ownership, as office-suite CRMs scope them: a member
 * works only their own customers, a department admin also those owned by
 * anyone in the subtrees they administer, a super admin all. Someone outside
 * the scope gets 404, as for a customer that does not exist.
 */
describe('who sees and changes which customer', () => {
  let engine: TestEngine;
  const as = (who: string) => auth(engine.as(who));
  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((c) => c.id).sort();

  beforeAll(async () => {
    engine = await startEngine();
    // lead administers sales (lead and rep are there); vp is in ops above it, hrhead in hr beside it
    await fourLevelOrg(engine, { lead: { adminOf: ['sales'] } });
    for (const [id, owner] of [['c-rep', 'rep'], ['c-lead', 'lead'], ['c-vp', 'vp'], ['c-hr', 'hrhead'], ['c-none', null]] as const) {
      const res = await engine.http.post('/api/v1/customers').set(as('admin')).send({ id, name: id, owner, tags: ['all'] });
      expect(res.status).toBe(201);
    }
  }, 180_000);
  afterAll(() => engine.close());

  it('lists and searches only the customers in the caller\'s scope', async () => {
    const listed = async (who: string) => ids((await engine.http.get('/api/v1/customers').set(as(who))).body);
    expect(await listed('rep')).toEqual(['c-rep']);
    expect(await listed('lead')).toEqual(['c-lead', 'c-rep']);
    expect(await listed('admin')).toEqual(['c-hr', 'c-lead', 'c-none', 'c-rep', 'c-vp']);
    // filtering by someone else's ownership does not widen the scope
    expect(await ids((await engine.http.get('/api/v1/customers?owner=vp').set(as('rep'))).body)).toEqual([]);
    const found = await engine.http.post('/api/v1/customers/search').set(as('rep')).send({ audience: { tags: { any: ['all'] } }, limit: 50 });
    expect(found.body.total).toBe(1);
    expect(ids(found.body)).toEqual(['c-rep']);
    const byLead = await engine.http.post('/api/v1/customers/search').set(as('lead')).send({ audience: { tags: { any: ['all'] } }, limit: 50 });
    expect(byLead.body.total).toBe(2);
  });

  it('answers 404 for reading, editing or marking a customer outside the scope, and changes nothing', async () => {
    const before = (await engine.http.get('/api/v1/customers/c-vp').set(as('admin'))).body;
    for (const who of ['rep', 'lead']) {
      expect((await engine.http.get('/api/v1/customers/c-vp').set(as(who))).status).toBe(404);
      expect((await engine.http.patch('/api/v1/customers/c-vp').set(as(who)).send({ name: 'Taken over' })).status).toBe(404);
      expect((await engine.http.post('/api/v1/customers/c-vp/replied').set(as(who))).status).toBe(404);
      expect((await engine.http.get('/api/v1/customers/c-vp/messages').set(as(who))).status).toBe(404);
    }
    expect((await engine.http.get('/api/v1/customers/c-vp').set(as('admin'))).body).toEqual(before);
  });

  it('lets a member edit their own customer and a department admin those of their subtree', async () => {
    expect((await engine.http.patch('/api/v1/customers/c-rep').set(as('rep')).send({ region: 'east' })).body.region).toBe('east');
    expect((await engine.http.patch('/api/v1/customers/c-rep').set(as('lead')).send({ source: 'fair' })).body).toMatchObject({ region: 'east', source: 'fair', owner: 'rep' });
    expect((await engine.http.post('/api/v1/customers/c-rep/replied').set(as('rep'))).status).toBe(200);
  });

  it('gives a customer only to someone inside the giver\'s scope', async () => {
    const given = await engine.http.patch('/api/v1/customers/c-rep').set(as('rep')).send({ owner: 'vp' });
    expect(given.status).toBe(403);
    expect(given.body.problems).toEqual([{ pointer: '/body/owner', message: expect.any(String) }]);
    expect((await engine.http.patch('/api/v1/customers/c-rep').set(as('rep')).send({ owner: null })).status).toBe(403);
    expect((await engine.http.get('/api/v1/customers/c-rep').set(as('admin'))).body.owner).toBe('rep');
    // a department admin may move it inside their subtree
    expect((await engine.http.patch('/api/v1/customers/c-rep').set(as('lead')).send({ owner: 'lead' })).body.owner).toBe('lead');
    expect((await engine.http.get('/api/v1/customers/c-rep').set(as('rep'))).status).toBe(404);
  });

  it('makes the customer a member adds theirs, and refuses adding one for someone else', async () => {
    const made = await engine.http.post('/api/v1/customers').set(as('rep')).send({ id: 'c-new', name: 'New' });
    expect(made.status).toBe(201);
    expect(made.body.owner).toBe('rep');
    expect((await engine.http.get('/api/v1/customers/c-new').set(as('rep'))).status).toBe(200);
    const forOther = await engine.http.post('/api/v1/customers').set(as('rep')).send({ id: 'c-other', name: 'Other', owner: 'vp' });
    expect(forOther.status).toBe(403);
    expect((await engine.http.get('/api/v1/customers/c-other').set(as('admin'))).status).toBe(404);
  });
});
