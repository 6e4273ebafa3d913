import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('approval deadlines', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    // bob's manager is dan: escalation goes there
    await engine.http.patch('/api/v1/org/users/bob').set(auth(engine.as('admin'))).send({ managerId: 'dan' });
  });
  afterAll(() => engine.close());

  it('reminds after X, escalates to the approver\'s manager after Y and decides automatically after Z, on durable timers', async () => {
    const def = leaveRequest({ id: 'deadlines' });
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'PT1S', escalateAfter: 'PT2S', decideAfter: 'PT4S', decision: 'approve' } };
    await publish(engine, def);
    const instance = await submit(engine, engine.as('alice'), def.id, { days: 1 });
    await pendingTask(engine, engine.as('bob'), instance.id);

    await eventually(() => engine.http.get('/api/v1/notifications').set(auth(engine.as('bob'))).then((r) => r.body.items.map((n: { kind: string }) => n.kind)),
      (kinds: string[]) => kinds.includes('reminder'), { what: 'the reminder' });
    const escalated = await pendingTask(engine, engine.as('dan'), instance.id, 'manager');
    expect(escalated.node).toBe('manager');
    await eventually(() => engine.db.collection('tasks').findOne({ instanceId: instance.id, assignee: 'bob' }), (t) => t?.status === 'transferred', { what: 'bob\'s task transferred' });

    await pendingTask(engine, engine.as('carol'), instance.id, 'hr');
    const view = (await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')))).body;
    expect(view.at).toEqual(['hr']);
    expect(view.notes.map((n: { note: string }) => n.note)).toEqual(['reminded the approvers', 'escalated to the approvers\' managers', 'no decision in time; approved automatically']);
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.filter((e: { type: string }) => e.type === 'timer').map((e: { outcome: string }) => e.outcome)).toEqual(['remind', 'escalate', 'decide']);
  });
});
