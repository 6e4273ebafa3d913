import { startEngine, type TestEngine } from '../support/engine';
import { auth } from '../support/workflows';

describe('rate limits', () => {
  let engine: TestEngine;
  let keyA: string;
  let keyB: string;

  beforeAll(async () => {
    engine = await startEngine({ RATE_LIMIT_PER_MINUTE: 10, RATE_LIMIT_HEAVY_PER_MINUTE: 2 });
    // creating the keys spends two of the admin's ten calls
    keyA = (await engine.http.post('/api/v1/api-keys').set(auth(engine.as('admin'))).send({ name: 'a', role: 'member' })).body.key;
    keyB = (await engine.http.post('/api/v1/api-keys').set(auth(engine.as('admin'))).send({ name: 'b', role: 'member' })).body.key;
  });
  afterAll(() => engine.close());

  const call = (headers: Record<string, string>) => engine.http.get('/api/v1/node-types').set(headers);

  it('answers the 11th call of a key within a minute with 429 and Retry-After; other keys and people are not affected', async () => {
    const a = { 'X-Api-Key': keyA };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(a)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const eleventh = await call(a);
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(eleventh.body.message).toMatch(/more than 10 requests per minute/);

    const other = await call({ 'X-Api-Key': keyB });
    expect(other.status).toBe(200);
    expect(other.headers['ratelimit-remaining']).toBe('9');
    expect((await call(auth(engine.as('alice')))).status).toBe(200);
  });

  it('counts each person apart, across their tokens', async () => {
    const bob = auth(engine.as('bob'));
    for (let i = 0; i < 10; i++) await call(bob);
    expect((await call(auth(engine.as('bob')))).status).toBe(429);
    expect((await call(auth(engine.as('carol')))).status).toBe(200);
  });

  it('limits heavy routes apart, with their own smaller budget', async () => {
    const admin = auth(engine.as('admin', 'other-co'));
    const exports = [];
    for (let i = 0; i < 3; i++) exports.push((await engine.http.get('/api/v1/audit/export').set(admin)).status);
    expect(exports).toEqual([200, 200, 429]);
    expect((await call(admin)).status).toBe(200);
  });

  it('counts dashboard CSV exports, campaign starts and customer imports as heavy, and dashboard JSON as not', async () => {
    // acme's admin has spent two ordinary calls (the keys above) and nothing of the heavy budget of 2
    const admin = auth(engine.as('admin'));
    const csv = [];
    for (let i = 0; i < 3; i++) csv.push((await engine.http.get('/api/v1/analytics/requests?format=csv').set(admin)).status);
    expect(csv).toEqual([200, 200, 429]);
    // the heavy budget is spent: every heavy route answers 429 (before looking at the body), the rest go on
    expect((await engine.http.post('/api/v1/campaigns').set(admin).send({})).status).toBe(429);
    expect((await engine.http.post('/api/v1/customers/import').set(admin).send({ csv: 'id,name' })).status).toBe(429);
    expect((await engine.http.get('/api/v1/analytics/requests').set(admin)).status).toBe(200);
    expect((await call(admin)).status).toBe(200);
  });
});
