import { startEngine, type TestEngine } from '../support/engine';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('concurrent decisions', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  it('lets exactly one of 20 concurrent approve calls on one task win; the rest get 409', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    const results = await Promise.all(Array.from({ length: 20 }, () => decide(engine, engine.as('bob'), task.id, 'approve')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.message).toMatch(/already decided|no longer open|already approved/);

    const history = await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')));
    expect(history.body.items.filter((e: { type: string }) => e.type === 'decide')).toHaveLength(1);
    const record = await engine.db.collection('instances').findOne({ _id: instance.id as never });
    expect(record).toMatchObject({ rev: 2, at: ['hr'] });
  });

  it('lets one of two approvers of the same node decide when both click at once', async () => {
    const def = leaveRequest({ id: 'or-sign' });
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }, { type: 'user', value: 'dan' }], mode: 'any' };
    await publish(engine, def);
    const instance = await submit(engine, engine.as('alice'), 'or-sign', { days: 2 });
    const [bobTask, danTask] = await Promise.all([
      pendingTask(engine, engine.as('bob'), instance.id),
      pendingTask(engine, engine.as('dan'), instance.id),
    ]);
    const [a, b] = await Promise.all([
      decide(engine, engine.as('bob'), bobTask.id, 'approve'),
      decide(engine, engine.as('dan'), danTask.id, 'reject'),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const record = await engine.db.collection('instances').findOne({ _id: instance.id as never });
    expect(record!.history.filter((e: { type: string }) => e.type === 'decide')).toHaveLength(1);
  });
});
