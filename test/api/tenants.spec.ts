import { startEngine, type TestEngine } from '../support/engine';
import { build } from '../support/org';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * Two tenants with the same ids everywhere (definition "leave", department
 * "sales", people "alice", "bob"...). Tenant A must never see B's data, and
 * B's record ids get 404 from A.
 */
describe('tenant isolation', () => {
  let engine: TestEngine;
  const B: Record<string, string> = {};

  beforeAll(async () => {
    engine = await startEngine();
    for (const [tenant, label] of [['acme', 'A'], ['other-co', 'B']] as const) {
      await publish(engine, leaveRequest({ name: `Leave ${label}` }), engine.as('admin', tenant));
      await build(engine, [{ id: 'sales', name: `Sales ${label}` }], [{ id: 'seller', departments: ['sales'] }], tenant);
      const instance = await submit(engine, engine.as('alice', tenant), 'leave', { days: 2, reason: `from ${label}` });
      const task = await pendingTask(engine, engine.as('bob', tenant), instance.id);
      const key = await engine.http.post('/api/v1/api-keys').set(auth(engine.as('admin', tenant))).send({ name: `key ${label}`, role: 'member' });
      if (label === 'B') Object.assign(B, { instance: instance.id, task: task.id, key: key.body.id });
    }
  });
  afterAll(() => engine.close());

  const asA = (path: string, who = 'admin') => engine.http.get(path).set(auth(engine.as(who, 'acme')));
  const text = (body: unknown) => JSON.stringify(body);

  it('lists and gets only tenant A\'s definitions, versions, departments and people', async () => {
    for (const path of ['/api/v1/definitions', '/api/v1/definitions/leave', '/api/v1/definitions/leave/versions', '/api/v1/definitions/leave/versions/1',
      '/api/v1/org/departments', '/api/v1/org/departments/sales', '/api/v1/org/users', '/api/v1/org/users/seller', '/api/v1/org/departments/sales/members']) {
      const res = await asA(path);
      expect(res.status).toBe(200);
      expect(text(res.body)).not.toMatch(/Leave B|Sales B|other-co/);
    }
    expect((await asA('/api/v1/definitions/leave')).body.name).toBe('Leave A');
    expect((await asA('/api/v1/org/departments/sales')).body.name).toBe('Sales A');
  });

  it('lists only tenant A\'s instances, tasks, keys and audit entries', async () => {
    const instances = await asA('/api/v1/instances');
    expect(instances.body.items.map((i: { id: string }) => i.id)).not.toContain(B.instance);
    expect(instances.body.total).toBe(1);
    const tasks = await asA('/api/v1/tasks', 'bob');
    expect(tasks.body.items.map((t: { id: string }) => t.id)).not.toContain(B.task);
    expect(tasks.body.items).toHaveLength(1);
    const keys = await asA('/api/v1/api-keys');
    expect(keys.body.items.map((k: { name: string }) => k.name)).toEqual(['key A']);
    const audit = await asA('/api/v1/audit?limit=500');
    expect(text(audit.body)).not.toMatch(/Sales B|key B|other-co/);
    expect(audit.body.items.every((e: { record: { id: string } }) => e.record.id !== B.instance)).toBe(true);
  });

  it('answers 404 to tenant A guessing tenant B\'s ids', async () => {
    const admin = engine.as('admin', 'acme');
    expect((await asA(`/api/v1/instances/${B.instance}`)).status).toBe(404);
    expect((await asA(`/api/v1/instances/${B.instance}/history`)).status).toBe(404);
    expect((await engine.http.post(`/api/v1/instances/${B.instance}/withdraw`).set(auth(engine.as('alice', 'acme')))).status).toBe(404);
    expect((await engine.http.post(`/api/v1/tasks/${B.task}/approve`).set(auth(engine.as('bob', 'acme')))).status).toBe(404);
    expect((await engine.http.delete(`/api/v1/api-keys/${B.key}`).set(auth(admin))).status).toBe(404);
    const untouched = await engine.http.get(`/api/v1/instances/${B.instance}`).set(auth(engine.as('admin', 'other-co')));
    expect(untouched.body).toMatchObject({ status: 'running', rev: 1 });
  });

  it('scopes by the tenant of the token, never by the body', async () => {
    const res = await engine.http.post('/api/v1/instances').set(auth(engine.as('alice', 'acme'))).send({ definitionId: 'leave', form: { days: 1 }, tenantId: 'other-co' });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ pointer: '/body/tenantId', message: 'is not an accepted property here' }]);
  });
});
