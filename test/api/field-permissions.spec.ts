import { startEngine, type TestEngine } from '../support/engine';
import { auth, handedOver, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * The manager may edit "days", sees "reason" read-only and never sees
 * "salary"; HR sees everything read-only.
 */
describe('form field permissions per node', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    const def = leaveRequest({ id: 'permissions' });
    def.form.fields.push({ key: 'salary', label: 'Salary', type: 'money' });
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], fields: { days: 'editable', reason: 'readonly', salary: 'hidden' } };
    await publish(engine, def);
  });
  afterAll(() => engine.close());

  const start = () => submit(engine, engine.as('alice'), 'permissions', { days: 4, reason: 'move house', salary: 9000 });
  const text = (body: unknown) => JSON.stringify(body);

  it('never shows a hidden field to the node\'s approver', async () => {
    const instance = await start();
    const bob = engine.as('bob');
    const task = await pendingTask(engine, bob, instance.id);
    const detail = await engine.http.get(`/api/v1/tasks/${task.id}`).set(auth(bob));
    expect(detail.status).toBe(200);
    expect(detail.body.instance.form).toEqual({ days: 4, reason: 'move house' });
    expect(detail.body.fields).toEqual({ days: 'editable', reason: 'readonly', salary: 'hidden' });
    for (const path of [`/api/v1/instances/${instance.id}`, `/api/v1/instances/${instance.id}/history`, `/api/v1/instances/${instance.id}/replay`, `/api/v1/instances?limit=200`]) {
      const res = await engine.http.get(path).set(auth(bob));
      expect(res.status).toBe(200);
      expect(text(res.body)).not.toMatch(/salary|9000/);
    }
    const approved = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(bob)).send({});
    expect(text(approved.body)).not.toMatch(/salary|9000/);
    expect((await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')))).body.form.salary).toBe(9000);
  });

  it('refuses a change to a read-only or hidden field, naming it, and leaves the request unchanged', async () => {
    const instance = await start();
    const bob = engine.as('bob');
    const task = await pendingTask(engine, bob, instance.id);
    const before = await handedOver(engine, instance.id);
    const res = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(bob)).send({ changes: { reason: 'other', salary: 1 } });
    expect(res.status).toBe(403);
    expect(res.body.problems).toEqual([
      { pointer: '/body/changes/reason', message: 'is readonly at this step' },
      { pointer: '/body/changes/salary', message: 'is hidden at this step' },
    ]);
    expect(await engine.db.collection('instances').findOne({ _id: instance.id as never })).toEqual(before);
  });

  it('takes a change to an editable field, checked against the form', async () => {
    const instance = await start();
    const bob = engine.as('bob');
    const task = await pendingTask(engine, bob, instance.id);
    const invalid = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(bob)).send({ changes: { days: 'three' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.problems).toEqual([{ pointer: '/form/days', message: 'must be a number' }]);
    const ok = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(bob)).send({ changes: { days: 3 } });
    expect(ok.status).toBe(200);
    expect((await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')))).body.form).toEqual({ days: 3, reason: 'move house', salary: 9000 });
  });

  it('shows a request to nobody who is not involved', async () => {
    const instance = await start();
    expect((await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('mallory')))).status).toBe(404);
    expect((await engine.http.get('/api/v1/instances?limit=200').set(auth(engine.as('mallory')))).body.total).toBe(0);
  });
});
