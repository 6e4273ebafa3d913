import type { Definition } from '@baton/dsl';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build, fourLevelOrg } from '../support/org';
import { auth, pendingTask, publish, submit } from '../support/workflows';
import { routingDefinition, sopDefinition } from '../support/crm';

/**
 * Business roles: a tenant's finance, HR BP, legal... defined by super
 * admins, held by people (per department for scoped roles), named by
 * approval nodes, checked at publish, ended by offboarding.
 *
 * Org: company > ops > sales > east; company > hr. rep is in east and hr.
 */
describe('business roles', () => {
  let engine: TestEngine;
  const admin = () => auth(engine.as('admin'));
  const roles = '/api/v1/org/business-roles';

  beforeAll(async () => {
    engine = await startEngine();
    await fourLevelOrg(engine);
    await build(engine, [], [
      { id: 'fin1', departments: ['company'] }, { id: 'fin2', departments: ['company'] }, { id: 'fin3', departments: ['company'], managerId: 'ceo' },
      { id: 'bp-ops', departments: ['ops'] }, { id: 'bp-company', departments: ['company'] },
      { id: 'opsadmin', departments: ['ops'], adminOf: ['ops'] },
    ]);
  });
  afterAll(() => engine.close());

  function approvalBy(id: string, assignees: unknown[]): Definition {
    return {
      id, name: id, kind: 'approval', form: { fields: [] },
      nodes: [{ id: 'start', type: 'start' }, { id: 'pay', type: 'approval', config: { assignees } }, { id: 'done', type: 'end' }],
      edges: [{ from: 'start', to: 'pay' }, { from: 'pay', to: 'done', on: 'approved' }],
    } as Definition;
  }

  it('is defined by a super admin with a code and names in English and Chinese; access role names and bad input are refused', async () => {
    const created = await engine.http.post(roles).set(admin()).send({ code: 'finance', name: { en: 'Finance', zh: '财务' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ code: 'finance', name: { en: 'Finance', zh: '财务' }, scoped: false, description: '', holders: [] });
    expect((await engine.http.post(roles).set(admin()).send({ code: 'hrbp', name: { en: 'HR BP', zh: 'HRBP' }, scoped: true })).status).toBe(201);
    expect((await engine.http.post(roles).set(admin()).send({ code: 'finance', name: { en: 'Again', zh: '再' } })).status).toBe(409);

    const access = await engine.http.post(roles).set(admin()).send({ code: 'superAdmin', name: { en: 'x', zh: 'x' } });
    expect(access.status).toBe(400);
    expect(access.body.problems).toEqual([{ pointer: '/body/code', message: expect.stringContaining('access role') }]);
    const noChinese = await engine.http.post(roles).set(admin()).send({ code: 'legal', name: { en: 'Legal' } });
    expect(noChinese.status).toBe(400);
    expect(noChinese.body.problems.map((p: { pointer: string }) => p.pointer)).toContain('/body/name/zh');
    expect((await engine.http.post(roles).set(auth(engine.as('opsadmin'))).send({ code: 'legal', name: { en: 'Legal', zh: '法务' } })).status).toBe(403);

    const renamed = await engine.http.patch(`${roles}/finance`).set(admin()).send({ description: 'pays the bills' });
    expect(renamed.body.description).toBe('pays the bills');
    const list = await engine.http.get(roles).set(auth(engine.as('rep')));
    expect(list.body.items.map((r: { code: string }) => r.code)).toEqual(['finance', 'hrbp']);
  });

  it('names holders: super admins anywhere, department admins only inside their subtree and only per department', async () => {
    for (const userId of ['fin1', 'fin2']) expect((await engine.http.post(`${roles}/finance/holders`).set(admin()).send({ userId })).status).toBe(201);
    expect((await engine.http.post(`${roles}/hrbp/holders`).set(admin()).send({ userId: 'bp-company', departmentId: 'company' })).status).toBe(201);
    const byOpsAdmin = await engine.http.post(`${roles}/hrbp/holders`).set(auth(engine.as('opsadmin'))).send({ userId: 'bp-ops', departmentId: 'ops' });
    expect(byOpsAdmin.status).toBe(201);

    const outside = await engine.http.post(`${roles}/hrbp/holders`).set(auth(engine.as('opsadmin'))).send({ userId: 'bp-ops', departmentId: 'hr' });
    expect(outside.status).toBe(400);
    expect(outside.body.problems).toEqual([{ pointer: '/body/departmentId', message: 'department "hr" is outside the departments you administer' }]);
    const unscopedByDeptAdmin = await engine.http.post(`${roles}/finance/holders`).set(auth(engine.as('opsadmin'))).send({ userId: 'bp-ops' });
    expect(unscopedByDeptAdmin.status).toBe(400);
    const withoutDepartment = await engine.http.post(`${roles}/hrbp/holders`).set(admin()).send({ userId: 'fin1' });
    expect(withoutDepartment.body.problems).toEqual([{ pointer: '/body/departmentId', message: 'role "hrbp" is held per department; name the department' }]);
    const twice = await engine.http.post(`${roles}/finance/holders`).set(admin()).send({ userId: 'fin1' });
    expect(twice.status).toBe(400);
    expect((await engine.http.post(`${roles}/finance/holders`).set(admin()).send({ userId: 'nobody' })).body.problems).toEqual([{ pointer: '/body/userId', message: 'unknown user "nobody"' }]);

    const holders = await engine.http.get(`${roles}/hrbp/holders`).set(admin());
    expect(holders.body.items).toEqual([{ userId: 'bp-company', name: 'bp-company', departmentId: 'company' }, { userId: 'bp-ops', name: 'bp-ops', departmentId: 'ops' }]);
  });

  it('imports holders from CSV: all rows or none, each error naming its line and column', async () => {
    const bad = await engine.http.post(`${roles}/holders/import`).set(admin()).send({ csv: 'role,userId,departmentId\nfinance,fin3,\nhrbp,nobody,hr\nlegal,fin3,\nhrbp,fin3,\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([
      { pointer: '/csv/3/userId', message: 'line 3: userId unknown user "nobody"' },
      { pointer: '/csv/4/role', message: 'line 4: role unknown role "legal"' },
      { pointer: '/csv/5/departmentId', message: 'line 5: departmentId role "hrbp" is held per department; name the department' },
    ]);
    expect((await engine.http.get(`${roles}/finance/holders`).set(admin())).body.items.map((h: { userId: string }) => h.userId)).toEqual(['fin1', 'fin2']);
    expect((await engine.http.post(`${roles}/holders/import`).set(auth(engine.as('opsadmin'))).send({ csv: 'role,userId\nfinance,fin3\n' })).status).toBe(403);
  });

  it('refuses to publish a definition naming an unknown role, with the pointer', async () => {
    const def = approvalBy('unknown-role', [{ type: 'role', value: 'treasury' }]);
    await engine.http.put(`/api/v1/definitions/${def.id}`).set(admin()).send(def);
    const published = await engine.http.post(`/api/v1/definitions/${def.id}/publish`).set(admin()).send({});
    expect(published.status).toBe(422);
    expect(published.body.problems).toEqual([{ pointer: '/nodes/1/config/assignees/0/value', message: 'unknown role "treasury"' }]);
  });

  it('asks a department-scoped role\'s holder for the initiator\'s department, walking up the tree', async () => {
    await publish(engine, approvalBy('by-hrbp', [{ type: 'role', value: 'hrbp' }]));
    // rep is in east (→ sales → ops: bp-ops) and hr (→ company: bp-company)
    const fromRep = await submit(engine, engine.as('rep'), 'by-hrbp', {});
    await pendingTask(engine, engine.as('bp-ops'), fromRep.id);
    await pendingTask(engine, engine.as('bp-company'), fromRep.id);
    // vp is in ops: only bp-ops
    const fromVp = await submit(engine, engine.as('vp'), 'by-hrbp', {});
    await pendingTask(engine, engine.as('bp-ops'), fromVp.id);
    const tasks = await eventually(() => engine.db.collection('tasks').find({ instanceId: fromVp.id }).toArray(), (t) => t.length > 0, { what: 'vp\'s tasks' });
    expect(tasks.map((t) => t.assignee)).toEqual(['bp-ops']);
  });

  it('gives a new holder new tasks, never the ones already open; offboarding ends holdings with an audit entry', async () => {
    await publish(engine, approvalBy('by-finance', [{ type: 'role', value: 'finance' }]));
    const before = await submit(engine, engine.as('rep'), 'by-finance', {});
    await pendingTask(engine, engine.as('fin1'), before.id);
    expect((await engine.http.post(`${roles}/finance/holders`).set(admin()).send({ userId: 'fin3' })).status).toBe(201);
    const after = await submit(engine, engine.as('rep'), 'by-finance', {});
    await pendingTask(engine, engine.as('fin3'), after.id);
    const openBefore = await engine.db.collection('tasks').find({ instanceId: before.id }).toArray();
    expect(openBefore.map((t) => t.assignee).sort()).toEqual(['fin1', 'fin2']);

    const offboarded = await engine.http.post('/api/v1/org/users/fin3/offboard').set(admin()).send({});
    expect(offboarded.status).toBe(200);
    expect(offboarded.body.rolesRemoved).toEqual([{ role: 'finance', departmentId: null }]);
    expect((await engine.http.get(`${roles}/finance/holders`).set(admin())).body.items.map((h: { userId: string }) => h.userId)).toEqual(['fin1', 'fin2']);
    const audit = await engine.db.collection('audit').findOne({ tenantId: 'acme', action: 'user.roles-removed', recordId: 'fin3' });
    expect(audit).toMatchObject({ actor: 'admin', from: { roles: [{ role: 'finance', departmentId: null }] } });
    const later = await submit(engine, engine.as('rep'), 'by-finance', {});
    await pendingTask(engine, engine.as('fin1'), later.id);
    expect((await engine.db.collection('tasks').find({ instanceId: later.id }).toArray()).map((t) => t.assignee).sort()).toEqual(['fin1', 'fin2']);
  });

  it('routes inquiries to a role\'s holders, and escalates an SOP step to a scoped role\'s holders for the owner', async () => {
    await publish(engine, routingDefinition('to-finance', {
      rules: [{ id: 'all', when: { '==': [1, 1] }, target: { type: 'role', value: 'finance' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'ceo' },
    }));
    const picks: string[] = [];
    for (let i = 0; i < 2; i++) picks.push((await engine.http.post('/api/v1/routing/to-finance/decisions').set(admin()).send({ item: { source: 'web' } })).body.assignee);
    expect(picks.sort()).toEqual(['fin1', 'fin2']);

    await publish(engine, sopDefinition('to-hrbp', {
      trigger: { event: 'customer.added' },
      steps: [{ at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' }, { at: 'PT1S', action: 'escalate', role: 'hrbp', text: '{{customer.name}} is waiting' }],
    }));
    expect((await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'c1', name: 'Customer 1', owner: 'rep', source: 'web' })).status).toBe(201);
    const run = await eventually(() => engine.http.get('/api/v1/sop/runs?customerId=c1').set(admin()).then((r) => r.body.items[0] as { id: string } | undefined), Boolean, { what: 'a run' });
    const done = await eventually(() => engine.http.get(`/api/v1/sop/runs/${run!.id}`).set(admin()).then((r) => r.body), (r) => r.status === 'completed', { what: 'the cadence', timeoutMs: 30_000 });
    expect(done.steps.map((x: { outcome: string }) => x.outcome)).toEqual(['follow-up task for rep', 'escalated to role hrbp: bp-ops, bp-company']);
  });

  it('routes to the holders of a role scoped by department, for the department the target names (the nearest holder up its tree)', async () => {
    const routeTo = async (id: string, department: string) => {
      await publish(engine, routingDefinition(id, {
        rules: [{ id: 'bp', when: { '==': [1, 1] }, target: { type: 'role', value: 'hrbp', department }, strategy: 'round-robin' }],
        fallback: { type: 'user', value: 'ceo' },
      }));
      return (await engine.http.post(`/api/v1/routing/${id}/decisions`).set(admin()).send({ item: { source: 'web' } })).body.assignee;
    };
    expect(await routeTo('to-bp-of-sales', 'sales')).toBe('bp-ops');
    expect(await routeTo('to-bp-of-hr', 'hr')).toBe('bp-company');
    const wrong = await engine.http.post('/api/v1/definitions/validate').set(admin()).send(routingDefinition('to-user-of-sales', {
      rules: [{ id: 'u', when: { '==': [1, 1] }, target: { type: 'user', value: 'rep', department: 'sales' }, strategy: 'round-robin' }],
      fallback: { type: 'user', value: 'ceo' },
    }));
    expect(wrong.body.problems).toContainEqual({ pointer: '/nodes/1/config/rules/0/target/department', message: 'only a role target is scoped by a department' });
  });

  it('asks the holders a role has when its node is entered, and replays such a request step for step', async () => {
    expect((await engine.http.post(roles).set(admin()).send({ code: 'audit', name: { en: 'Audit', zh: '审计' } })).status).toBe(201);
    const def = approvalBy('audited', [{ type: 'user', value: 'fin1' }]);
    def.nodes.splice(2, 0, { id: 'audit', type: 'approval', config: { assignees: [{ type: 'role', value: 'audit' }] } });
    def.edges = [{ from: 'start', to: 'pay' }, { from: 'pay', to: 'audit', on: 'approved' }, { from: 'audit', to: 'done', on: 'approved' }];
    await publish(engine, def);
    const instance = await submit(engine, engine.as('rep'), 'audited', {});
    // nobody held audit at submit; bp-ops does by the time the request gets there
    expect((await engine.http.post(`${roles}/audit/holders`).set(admin()).send({ userId: 'bp-ops' })).status).toBe(201);
    const pay = await pendingTask(engine, engine.as('fin1'), instance.id, 'pay');
    expect((await engine.http.post(`/api/v1/tasks/${pay.id}/approve`).set(auth(engine.as('fin1'))).send({})).status).toBe(200);
    const audit = await pendingTask(engine, engine.as('bp-ops'), instance.id, 'audit');
    // a holder named later gets no task already open
    expect((await engine.http.post(`${roles}/audit/holders`).set(admin()).send({ userId: 'bp-company' })).status).toBe(201);
    expect((await engine.http.post(`/api/v1/tasks/${audit.id}/approve`).set(auth(engine.as('bp-ops'))).send({})).status).toBe(200);
    const replayed = await engine.http.get(`/api/v1/instances/${instance.id}/replay`).set(auth(engine.as('rep')));
    expect(replayed.status).toBe(200);
    expect(replayed.body.steps.map((x: { type: string; matches: boolean }) => [x.type, x.matches])).toEqual([['submitted', true], ['decide', true], ['decide', true]]);
    expect(replayed.body.steps[1].holders).toEqual([{ node: 'audit', visit: 1, assignees: ['bp-ops'], open: ['bp-ops'] }]);
  });

  it('keeps roles of one tenant out of another', async () => {
    const other = await engine.http.get(roles).set(auth(engine.as('admin', 'other-co')));
    expect(other.body.items).toEqual([]);
    expect((await engine.http.get(`${roles}/finance`).set(auth(engine.as('admin', 'other-co')))).status).toBe(404);
  });
});
