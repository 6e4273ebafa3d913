import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REDIS } from '../../apps/engine/src/database/redis.module';
import { startEngine, type TestEngine } from '../support/engine';
import { build } from '../support/org';
import { auth, leaveRequest, publish, submit } from '../support/workflows';

/**
 * Nobody gains rights they were not given, and hostile input gets a clear
 * 4xx, never a 500 (issue 16). Addresses come from X-Forwarded-For through a
 * trusted loopback proxy, as behind a reverse proxy in production.
 */
describe('security', () => {
  let engine: TestEngine;
  const admin = () => auth(engine.as('admin'));
  const salesAdmin = () => auth(engine.as('salesadmin'));
  const login = (email: string, password: string, from = '198.51.100.1') =>
    engine.http.post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ tenant: 'acme', email, password });
  const user = async (id: string) => (await engine.http.get(`/api/v1/org/users/${id}`).set(admin())).body;

  beforeAll(async () => {
    engine = await startEngine({ TRUST_PROXY: 'loopback' });
    await build(engine, [
      { id: 'company', name: 'Company' },
      { id: 'sales', name: 'Sales', parentId: 'company' },
      { id: 'east', name: 'Sales East', parentId: 'sales' },
      { id: 'hr', name: 'People', parentId: 'company' },
    ], [
      { id: 'salesadmin', departments: ['sales'], adminOf: ['sales'], password: 'violet harbour lantern 42' },
      { id: 'boss', departments: ['east'], roles: ['superAdmin'], password: 'quiet copper meadow 17' },
      { id: 'eastadmin', departments: ['east'], adminOf: ['east'] },
      { id: 'wideadmin', departments: ['east'], adminOf: ['hr'] },
      { id: 'seller', departments: ['east'], password: 'amber falcon river 93' },
      { id: 'hrperson', departments: ['hr'] },
    ]);
  });
  afterAll(() => engine.close());

  describe('PATCH changes only what it names', () => {
    it('keeps roles, departments and admin scopes of a person when only the name is sent, or nothing', async () => {
      const before = await user('boss');
      expect(before).toMatchObject({ roles: ['superAdmin'], departments: ['east'] });
      expect((await engine.http.patch('/api/v1/org/users/boss').set(admin()).send({ name: 'The Boss' })).status).toBe(200);
      expect((await engine.http.patch('/api/v1/org/users/eastadmin').set(admin()).send({})).status).toBe(200);
      expect(await user('boss')).toMatchObject({ name: 'The Boss', roles: ['superAdmin'], departments: ['east'], adminOf: [] });
      expect(await user('eastadmin')).toMatchObject({ roles: ['member'], departments: ['east'], adminOf: ['east'] });
    });

    it('keeps a department\'s parent and head when only its name changes', async () => {
      const res = await engine.http.patch('/api/v1/org/departments/east').set(admin()).send({ name: 'East' });
      expect(res.body).toMatchObject({ name: 'East', parentId: 'sales', level: 3 });
    });
  });

  describe('authority flows down', () => {
    it('refuses a department admin who would change a super admin\'s password in their subtree, and the old password still works', async () => {
      const res = await engine.http.patch('/api/v1/org/users/boss').set(salesAdmin()).send({ password: 'taken over by sales 2026' });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('is a super admin');
      expect((await login('boss@acme.example', 'taken over by sales 2026', '198.51.100.50')).status).toBe(401);
      expect((await login('boss@acme.example', 'quiet copper meadow 17', '198.51.100.50')).status).toBe(200);
    });

    it('refuses acting on someone who administers more than the actor does, and allows it on someone who administers less', async () => {
      const wide = await engine.http.patch('/api/v1/org/users/wideadmin').set(salesAdmin()).send({ phone: '+86 10 1234 5678' });
      expect(wide.status).toBe(403);
      expect(wide.body.message).toContain('administers "hr"');
      expect((await engine.http.post('/api/v1/org/users/wideadmin/offboard').set(salesAdmin()).send({ successorId: 'seller' })).status).toBe(403);
      expect((await engine.http.patch('/api/v1/org/users/eastadmin').set(salesAdmin()).send({ phone: '+86 10 1234 5678' })).status).toBe(200);
    });

    it('gives a department admin an audit export of their subtrees only', async () => {
      await engine.http.patch('/api/v1/org/users/hrperson').set(admin()).send({ name: 'HR person' });
      await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'erp', role: 'member' });
      const mine = await engine.http.get('/api/v1/audit/export').set(salesAdmin());
      expect(mine.status).toBe(200);
      const recordIds = mine.text.trim().split('\n').slice(1).map((line) => line.split(',')[7]);
      expect(recordIds).toEqual(expect.arrayContaining(['eastadmin', 'seller', 'east']));
      expect(recordIds).not.toContain('hrperson');
      expect(recordIds).not.toContain('boss');
      expect(mine.text).not.toContain('apikey.created');
      const all = await engine.http.get('/api/v1/audit/export').set(admin());
      expect(all.text).toContain('apikey.created');
      expect(all.text).toContain(',hrperson,');
    });
  });

  describe('sessions', () => {
    it('ends every session of a person whose password is reset: refresh tokens and access tokens alike', async () => {
      const session = (await login('seller@acme.example', 'amber falcon river 93')).body;
      const bearer = { Authorization: `Bearer ${session.accessToken}` };
      expect((await engine.http.get('/api/v1/auth/me').set(bearer)).status).toBe(200);
      expect((await engine.http.patch('/api/v1/org/users/seller').set(salesAdmin()).send({ password: 'new granite orchard 58' })).status).toBe(200);
      expect((await engine.http.get('/api/v1/auth/me').set(bearer)).status).toBe(401);
      expect((await engine.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      expect((await login('seller@acme.example', 'new granite orchard 58')).status).toBe(200);
    });

    it('ends the sessions of a person who is offboarded, access tokens included', async () => {
      await engine.http.patch('/api/v1/org/users/eastadmin').set(admin()).send({ password: 'lemon tundra whistle 61', managerId: 'salesadmin' });
      const session = (await login('eastadmin@acme.example', 'lemon tundra whistle 61')).body;
      expect((await engine.http.post('/api/v1/org/users/eastadmin/offboard').set(salesAdmin()).send({})).status).toBe(200);
      expect((await engine.http.get('/api/v1/auth/me').set({ Authorization: `Bearer ${session.accessToken}` })).status).toBe(401);
      expect((await engine.http.post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    });
  });

  describe('sign-in throttling', () => {
    it('lets the owner sign in from their address while someone guesses their password from another, and makes the guesser wait longer each time', async () => {
      const guesses: number[] = [];
      for (let i = 0; i < 5; i++) guesses.push((await login('salesadmin@acme.example', `guess number ${i}`, '203.0.113.66')).status);
      expect(guesses).toEqual([401, 401, 401, 401, 401]);
      const waiting = await login('salesadmin@acme.example', 'violet harbour lantern 42', '203.0.113.66');
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login('salesadmin@acme.example', 'violet harbour lantern 42', '198.51.100.7')).status).toBe(200);

      // the wait ends (time moved on, as the clock would move it), then each further failure doubles it
      await endWait(engine, `${engine.config.QUEUE_PREFIX}:signin:pair:acme:salesadmin@acme.example:203.0.113.66:wait`);
      const again = await login('salesadmin@acme.example', 'guess number 6', '203.0.113.66');
      expect(again.status).toBe(401);
      const longer = await login('salesadmin@acme.example', 'guess number 7', '203.0.113.66');
      expect(Number(longer.headers['retry-after'])).toBeGreaterThan(Number(waiting.headers['retry-after']));
    });
  });

  describe('passwords', () => {
    it.each([['password123'], ['qwertyuiop12'], ['iloveyou2026']])('refuses the guessable password %s, naming the field', async (password) => {
      const res = await engine.http.patch('/api/v1/org/users/seller').set(admin()).send({ password });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/body/password', message: expect.stringContaining('is too easy to guess') }]);
    });
  });

  describe('limits before work', () => {
    const deep = (depth: number) => `{"id":"leave","name":"x","nodes":${'['.repeat(depth)}${']'.repeat(depth)}}`;

    it('answers JSON nested 10,000 deep with 400, on the definitions and the trigger route', async () => {
      const key = (await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'deep', role: 'superAdmin' })).body.key;
      const put = await engine.http.put('/api/v1/definitions/leave').set(admin()).set('Content-Type', 'application/json').send(deep(10_000));
      const trigger = await engine.http.post('/api/v1/definitions/leave/trigger').set({ 'X-Api-Key': key, 'Idempotency-Key': 'deep-1' })
        .set('Content-Type', 'application/json').send(`{"form":${deep(10_000)}}`);
      for (const res of [put, trigger]) {
        expect(res.status).toBe(400);
        expect(res.body.message).toContain('nests deeper than');
      }
    });

    it('refuses an anonymous attachment without reading its 10 MB body', async () => {
      const server = engine.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      // only the headers and 1 KB are sent: an answer now means the rest was never waited for
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/attachments?name=big.pdf', headers: { 'Content-Type': 'application/pdf', 'Content-Length': String(10_000_000) } },
          (res) => { res.resume(); resolve(res.statusCode ?? 0); });
        req.on('error', reject);
        req.write(Buffer.alloc(1024));
      });
      expect(status).toBe(401);
    });
  });

  describe('hostile definitions and filters', () => {
    it('starts requests of a definition whose name looks like a template, showing the name as written', async () => {
      await publish(engine, leaveRequest({ id: 'curly', name: '{{#each initiator}}{{@key}}={{this}};{{/each}} {{' }));
      const started = await submit(engine, engine.as('alice'), 'curly', { days: 1 });
      const instance = (await engine.http.get(`/api/v1/instances/${started.id}`).set(auth(engine.as('alice')))).body;
      expect(instance.title).toBe('{{#each initiator}}{{@key}}={{this}};{{/each}} {{ · alice');
    });

    it('refuses a condition that computes its var path, and one nested deeper than rules may, at publish', async () => {
      // 80 levels: within the body's depth limit, beyond the rules' (the DSL's tests go to 2,500)
      let nested: unknown = { '>': [{ var: 'form.days' }, 1] };
      for (let i = 0; i < 80; i++) nested = { and: [nested, true] };
      for (const condition of [{ var: { cat: ['form.con', 'structor.name'] } }, nested]) {
        const def = leaveRequest({ id: 'sneaky' });
        def.edges.splice(1, 0, { from: 'manager', to: 'approved', on: 'approved', condition });
        const res = await engine.http.post('/api/v1/definitions/validate').set(admin()).send(def);
        expect(res.status).toBe(200);
        expect(res.body.problems).toEqual([expect.objectContaining({ pointer: expect.stringMatching(/^\/edges\/1\/condition/) })]);
      }
    });

    it('answers an audience filter on createdAt that is no date with 400 naming the value', async () => {
      const res = await engine.http.post('/api/v1/customers/search').set(admin()).send({ audience: { filter: [{ field: 'createdAt', op: 'gt', value: 'not-a-date' }] } });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([expect.objectContaining({ pointer: expect.stringContaining('/filter/0/value') })]);
    });

    it('answers a draft with an empty kind with 400 naming the field', async () => {
      const res = await engine.http.post('/api/v1/definitions').set(admin()).send({ id: 'empty-kind', kind: '' });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([expect.objectContaining({ pointer: '/body/kind' })]);
    });

    it('needs a body to validate and a role for an API key', async () => {
      const validate = await engine.http.post('/api/v1/definitions/validate').set(admin());
      expect(validate.status).toBe(400);
      expect(validate.body.problems).toEqual([expect.objectContaining({ pointer: '/body' })]);
      const key = await engine.http.post('/api/v1/api-keys').set(admin()).send({ name: 'no role' });
      expect(key.status).toBe(400);
      expect(key.body.problems).toEqual([{ pointer: '/body/role', message: 'is required' }]);
    });
  });

  describe('headers and exports', () => {
    it('sends security headers with a content security policy, and no X-Powered-By', async () => {
      const res = await engine.http.get('/health');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('defuses spreadsheet formulas in the audit export', async () => {
      expect((await login('=1+2@evil.example', 'whatever it is', '198.51.100.99')).status).toBe(401);
      const csv = (await engine.http.get('/api/v1/audit/export?action=signin.failed&unmasked=true').set(admin())).text;
      const cells = csv.split('\n').filter((line) => line.includes('evil.example')).flatMap((line) => line.split(','));
      expect(cells).toContain("'=1+2@evil.example");
      expect(cells.some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
    });
  });
});

async function endWait(engine: TestEngine, key: string): Promise<void> {
  const redis = engine.app.get<symbol, { del(key: string): Promise<number> }>(REDIS);
  expect(await redis.del(key)).toBe(1);
}
