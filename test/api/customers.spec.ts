import { startEngine, type TestEngine } from '../support/engine';
import { authOf } from '../support/crm';

describe('customers', () => {
  let engine: TestEngine;
  const admin = () => authOf(engine.as('admin'));
  beforeAll(async () => {
    engine = await startEngine();
  }, 180_000);
  afterAll(() => engine.close());

  it('keeps owner, source, tags and custom attributes, scoped to the tenant', async () => {
    const made = await engine.http.post('/api/v1/customers').set(authOf(engine.as('alice'))).send({
      id: 'acme-1', name: 'Acme One', email: 'buyer@acme.example', owner: 'alice', source: 'fair', region: 'eu', tags: ['lead'], attributes: { employees: 120, sector: 'retail', vip: false },
    });
    expect(made.status).toBe(201);
    expect((await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'acme-1', name: 'Again' })).status).toBe(409);
    const patched = await engine.http.patch('/api/v1/customers/acme-1').set(admin()).send({ addTags: ['vip'], removeTags: ['lead'], attributes: { vip: true } });
    expect(patched.body).toMatchObject({ owner: 'alice', source: 'fair', tags: ['vip'], attributes: { employees: 120, sector: 'retail', vip: true } });
    expect((await engine.http.get('/api/v1/customers/acme-1').set(authOf(engine.as('alice', 'other-co')))).status).toBe(404);
    expect((await engine.http.get('/api/v1/customers?tag=vip').set(admin())).body.total).toBe(1);
  });

  it('refuses attribute keys and tags that could become database operators, naming the field', async () => {
    const res = await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'evil', name: 'Evil', attributes: { $where: 'x' }, tags: ['$gt'] });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toEqual(expect.arrayContaining(['/body/attributes/$where', '/body/tags/0']));
  });

  it('imports a CSV only when every row is good, reporting each bad row by its line', async () => {
    const bad = [
      'id,name,email,owner,tags,attr.city,attr.score',
      'imp-1,One,one@example.com,alice,a;b,Berlin,3',
      'imp-2,,two@example.com,bob,,Paris,4',
      'imp-3,Three,not-an-email,,,,',
      'imp-1,Again,,,,,',
      'acme-1,Taken,,,,,',
    ].join('\n');
    const res = await engine.http.post('/api/v1/customers/import').set(admin()).send({ csv: bad });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toEqual([
      '/body/csv/line/3', '/body/csv/line/4', '/body/csv/line/5', '/body/csv/line/6',
    ]);
    expect(res.body.problems[2].message).toBe('id "imp-1" repeats line 2');
    expect(res.body.problems[3].message).toBe('customer "acme-1" already exists');
    expect((await engine.http.get('/api/v1/customers/imp-1').set(admin())).status).toBe(404);

    const unknown = await engine.http.post('/api/v1/customers/import').set(admin()).send({ csv: 'id,name,password\nx,X,secret' });
    expect(unknown.body.problems).toEqual([{ pointer: '/body/csv/line/1', message: 'unknown column "password"' }]);

    const good = await engine.http.post('/api/v1/customers/import').set(admin()).send({ csv: 'id,name,tags,attr.city,attr.score,attr.optIn\nimp-1,One,a;b,Berlin,3,true\nimp-2,Two,,Paris,4.5,false' });
    expect(good.status).toBe(201);
    expect(good.body).toEqual({ imported: 2 });
    expect((await engine.http.get('/api/v1/customers/imp-1').set(admin())).body).toMatchObject({ tags: ['a', 'b'], attributes: { city: 'Berlin', score: 3, optIn: true } });
  });
});
