import { startEngine, type TestEngine } from '../support/engine';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('the tasks of a request', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  const tasksOf = (who: ReturnType<TestEngine['as']>, id: string) => engine.http.get(`/api/v1/instances/${id}/tasks`).set(auth(who));

  it('tells the initiator who holds each step, without the task titles', async () => {
    const alice = engine.as('alice');
    const instance = await submit(engine, alice, 'leave', { days: 5 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id, 'manager');
    await decide(engine, engine.as('bob'), task.id, 'approve').expect(200);
    await pendingTask(engine, engine.as('carol'), instance.id, 'hr');
    const { body } = await tasksOf(alice, instance.id).expect(200);
    expect(body.items.map((t: { node: string; assignee: string; status: string }) => [t.node, t.assignee, t.status])).toEqual([
      ['manager', 'bob', 'approved'],
      ['hr', 'carol', 'pending'],
    ]);
    expect(body.items[0]).not.toHaveProperty('title');
  });

  it('names the people holding each step, so a requester who may not list the organisation sees who has it', async () => {
    await engine.db.collection('users').updateOne({ tenantId: 'acme', id: 'bob' }, { $set: { name: 'Bob Baker' } });
    const alice = engine.as('alice');
    const instance = await submit(engine, alice, 'leave', { days: 2 });
    await pendingTask(engine, engine.as('bob'), instance.id, 'manager');
    const { body } = await tasksOf(alice, instance.id).expect(200);
    expect(body.items.map((t: { assignee: string; assigneeName: string }) => [t.assignee, t.assigneeName])).toEqual([['bob', 'Bob Baker']]);
  });

  it('answers 404 to someone who may not read the request', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    await tasksOf(engine.as('mallory'), instance.id).expect(404);
  });
});
