import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, decide, getInstance, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('a two-step approval, end to end', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  const alice = () => engine.as('alice');
  const bob = () => engine.as('bob');
  const carol = () => engine.as('carol');

  it('runs submit → manager approves → HR approves → completed, with a history of who did what and when', async () => {
    const started = Date.now();
    const instance = await submit(engine, alice(), 'leave', { days: 3, reason: 'family' });
    expect(instance).toMatchObject({ status: 'running', at: ['manager'] });

    const first = await pendingTask(engine, bob(), instance.id);
    expect(first).toMatchObject({ node: 'manager', title: 'Leave of 3 days for alice' });
    expect((await decide(engine, bob(), first.id, 'approve', 'enjoy')).status).toBe(200);

    const second = await pendingTask(engine, carol(), instance.id);
    const done = await decide(engine, carol(), second.id, 'approve');
    expect(done.status).toBe(200);
    expect(done.body.instance).toMatchObject({ status: 'completed', at: [], path: ['start', 'manager', 'hr', 'approved'] });

    const history = await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(alice()));
    expect(history.body.items.map((e: { type: string; actor: string; node?: string; outcome?: string }) => [e.type, e.actor, e.node, e.outcome])).toEqual([
      ['submitted', 'alice', undefined, undefined],
      ['decide', 'bob', 'manager', 'approved'],
      ['decide', 'carol', 'hr', 'approved'],
    ]);
    for (const entry of history.body.items) {
      const at = Date.parse(entry.at);
      expect(at).toBeGreaterThanOrEqual(started - 1000);
      expect(at).toBeLessThanOrEqual(Date.now());
    }
    expect(history.body.items[1]).toMatchObject({ from: ['manager'], to: ['hr'], comment: 'enjoy' });

    // the audit log gets each event too, written by the effect workers
    const audit = await eventually(
      () => engine.http.get(`/api/v1/audit?recordType=instance&recordId=${instance.id}`).set(auth(engine.as('admin'))).then((r) => r.body.items as Array<{ action: string; actor: string; to: unknown }>),
      (items) => items.length === 3,
      { what: 'three audit entries' },
    );
    expect(audit.map((e) => [e.action, e.actor]).reverse()).toEqual([['instance.submitted', 'alice'], ['instance.decide', 'bob'], ['instance.decide', 'carol']]);
    expect(audit[0]!.to).toEqual({ at: [], status: 'completed' });
  });

  it('settles the tasks: the decider\'s task is approved and leaves the inbox', async () => {
    const instance = await submit(engine, alice(), 'leave', { days: 1 });
    const task = await pendingTask(engine, bob(), instance.id);
    await decide(engine, bob(), task.id, 'approve');
    const done = await eventually(
      () => engine.http.get('/api/v1/tasks?status=approved').set(auth(bob())).then((r) => r.body.items as Array<{ id: string }>),
      (items) => items.some((t) => t.id === task.id),
      { what: 'the approved task' },
    );
    expect(done.find((t) => t.id === task.id)).toMatchObject({ status: 'approved', decidedBy: 'bob' });
    const pending = await engine.http.get('/api/v1/tasks').set(auth(bob()));
    expect(pending.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
  });

  it('ends as rejected when the manager rejects', async () => {
    const instance = await submit(engine, alice(), 'leave', { days: 10 });
    const task = await pendingTask(engine, bob(), instance.id);
    const res = await decide(engine, bob(), task.id, 'reject', 'too long');
    expect(res.status).toBe(200);
    expect(res.body.instance).toMatchObject({ status: 'rejected', path: ['start', 'manager', 'rejected'] });
    expect((await getInstance(engine, alice(), instance.id)).body.status).toBe('rejected');
  });

  it('lets the initiator withdraw a running request, cancelling the open task', async () => {
    const instance = await submit(engine, alice(), 'leave', { days: 2 });
    const task = await pendingTask(engine, bob(), instance.id);
    const res = await engine.http.post(`/api/v1/instances/${instance.id}/withdraw`).set(auth(alice())).send({ comment: 'plans changed' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('withdrawn');
    await eventually(
      () => engine.db.collection('tasks').findOne({ _id: task.id as never }),
      (t) => t?.status === 'cancelled',
      { what: 'the cancelled task' },
    );
    expect((await decide(engine, bob(), task.id, 'approve')).status).toBe(409);
  });

  it('refuses a decision by someone who is not the assignee', async () => {
    const instance = await submit(engine, alice(), 'leave', { days: 2 });
    const task = await pendingTask(engine, bob(), instance.id);
    const res = await decide(engine, engine.as('mallory'), task.id, 'approve');
    expect(res.status).toBe(403);
    expect((await getInstance(engine, alice(), instance.id)).body).toMatchObject({ status: 'running', rev: 1 });
  });

  it('lists instances with filters and pagination', async () => {
    const dave = engine.as('dave');
    for (const days of [1, 2, 3]) await submit(engine, dave, 'leave', { days });
    const page = await engine.http.get('/api/v1/instances?mine=true&limit=2&offset=0').set(auth(dave));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(page.body.items).toHaveLength(2);
    const rest = await engine.http.get('/api/v1/instances?mine=true&limit=2&offset=2').set(auth(dave));
    expect(rest.body.items).toHaveLength(1);
    const running = await engine.http.get('/api/v1/instances?status=running&definitionId=leave').set(auth(dave));
    expect(running.body.items.every((i: { status: string }) => i.status === 'running')).toBe(true);
  });

  it('keeps tenants apart: another tenant sees neither the definition nor the instance', async () => {
    const instance = await submit(engine, alice(), 'leave', { days: 1 });
    const stranger = engine.as('admin', 'other-co');
    expect((await getInstance(engine, stranger, instance.id)).status).toBe(404);
    expect((await engine.http.get('/api/v1/definitions/leave').set(auth(stranger))).status).toBe(404);
    expect((await engine.http.get('/api/v1/instances').set(auth(stranger))).body.total).toBe(0);
  });
});
