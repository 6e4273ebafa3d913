import { startEngine, type TestEngine } from '../support/engine';
import { auth } from '../support/workflows';

/**
 * An operator (a super admin of an OPERATOR_TENANTS tenant, here "other-co")
 * creates a tenant with its first super admin and settings; the new admin
 * signs in; nothing of the new tenant is visible from another tenant.
 */
describe('tenants and their settings', () => {
  let engine: TestEngine;
  const operator = () => auth(engine.as('admin', 'other-co'));
  const body = {
    id: 'globex',
    admin: { email: 'root@globex.example', name: 'Root', password: 'correct horse battery staple 42' },
    settings: { timeZone: 'Asia/Shanghai', locale: 'zh-CN', brandingName: '环球 Globex', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: ['2026-10-01'], workdays: ['2026-09-27'] } },
  };

  beforeAll(async () => {
    engine = await startEngine({ OPERATOR_TENANTS: 'other-co' });
  });
  afterAll(() => engine.close());

  it('refuses anyone but an operator, and bad settings with pointers', async () => {
    expect((await engine.http.post('/api/v1/tenants').set(auth(engine.as('admin', 'acme'))).send(body)).status).toBe(403);
    expect((await engine.http.post('/api/v1/tenants').set(auth(engine.as('alice', 'other-co'))).send(body)).status).toBe(403);
    const bad = await engine.http.post('/api/v1/tenants').set(operator())
      .send({ ...body, settings: { ...body.settings, timeZone: 'Mars/Olympus', calendar: { ...body.settings.calendar, from: '19:00', workdays: ['2026-10-01'] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      { pointer: '/body/settings/timeZone', message: 'unknown time zone "Mars/Olympus"' },
      { pointer: '/body/settings/calendar/to', message: 'must be later than from' },
      { pointer: '/body/settings/calendar/workdays/0', message: '2026-10-01 is also a holiday' },
    ]);
    const weak = await engine.http.post('/api/v1/tenants').set(operator()).send({ ...body, admin: { ...body.admin, password: 'globexglobex' } });
    expect(weak.status).toBe(400);
    expect(weak.body.problems.map((p: { pointer: string }) => p.pointer)).toEqual(['/body/admin/password']);
    // nothing was left behind by the refused attempt
    expect((await engine.http.get('/api/v1/sign-in/globex')).status).toBe(404);
    expect((await engine.http.post('/api/v1/tenants').set(operator()).send({ ...body, id: 'acme' })).status).toBe(409);
  });

  it('creates a tenant whose admin signs in and sees only their own organisation', async () => {
    const created = await engine.http.post('/api/v1/tenants').set(operator()).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 'globex', settings: body.settings, admin: { id: 'admin', email: 'root@globex.example' } });
    expect((await engine.http.post('/api/v1/tenants').set(operator()).send(body)).status).toBe(409);

    // the sign-in page finds the organisation people typed
    expect((await engine.http.get('/api/v1/sign-in/globex')).body).toEqual({ tenant: 'globex', brandingName: '环球 Globex', locale: 'zh-CN' });
    const login = await engine.http.post('/api/v1/auth/login').send({ tenant: 'globex', email: 'root@globex.example', password: body.admin.password });
    expect(login.status).toBe(200);
    const root = { Authorization: `Bearer ${login.body.accessToken}` };
    expect((await engine.http.get('/api/v1/tenant').set(root)).body).toEqual({ id: 'globex', settings: body.settings });
    expect((await engine.http.get('/api/v1/org/users').set(root)).body.items.map((u: { id: string }) => u.id)).toEqual(['admin']);
    expect((await engine.http.post('/api/v1/org/departments').set(root).send({ id: 'hq', name: 'HQ' })).status).toBe(201);

    // another tenant sees none of it
    const acme = auth(engine.as('admin', 'acme'));
    expect((await engine.http.get('/api/v1/org/users').set(acme)).body.items.map((u: { email: string }) => u.email)).not.toContain('root@globex.example');
    expect((await engine.http.get('/api/v1/org/departments/hq').set(acme)).status).toBe(404);
    expect((await engine.http.get('/api/v1/tenant').set(acme)).body.id).toBe('acme');
    expect((await engine.http.get('/api/v1/tenants/globex').set(acme)).status).toBe(403);
    expect((await engine.http.post('/api/v1/auth/login').send({ tenant: 'acme', email: 'root@globex.example', password: body.admin.password })).status).toBe(401);
  });

  it('lets an operator change a tenant\'s settings, validated', async () => {
    const changed = await engine.http.patch('/api/v1/tenants/globex/settings').set(operator()).send({ locale: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body.settings).toMatchObject({ locale: 'en', timeZone: 'Asia/Shanghai' });
    const bad = await engine.http.patch('/api/v1/tenants/globex/settings').set(operator()).send({ timeZone: 'Nowhere/Land' });
    expect(bad.body.problems).toEqual([{ pointer: '/body/timeZone', message: 'unknown time zone "Nowhere/Land"' }]);
    expect((await engine.http.patch('/api/v1/tenants/globex/settings').set(auth(engine.as('admin', 'acme'))).send({ locale: 'en' })).status).toBe(403);
    expect((await engine.http.patch('/api/v1/tenants/initech/settings').set(operator()).send({ locale: 'en' })).status).toBe(404);
  });
});
