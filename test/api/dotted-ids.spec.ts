import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

// The organisation accepts ids like "finance.lead"; MongoDB field names with
// dots are a trap (a path, not a key), so nothing the engine stores may use a
// person's id as a key.
describe('people whose ids hold dots', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await build(engine, [], [{ id: 'finance.lead' }, { id: 'hr.lead' }]);
  });
  afterAll(() => engine.close());

  it('decide, countersign and have their tasks settled', async () => {
    const def = leaveRequest({ id: 'dotted' });
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'finance.lead' }, { type: 'user', value: 'hr.lead' }], mode: 'all' };
    def.nodes[2]!.config = { assignees: [{ type: 'user', value: 'finance.lead' }] };
    await publish(engine, def);
    const instance = await submit(engine, engine.as('alice'), 'dotted', { days: 1 });
    for (const [who, node] of [['hr.lead', 'manager'], ['finance.lead', 'manager'], ['finance.lead', 'hr']] as const) {
      const task = await pendingTask(engine, engine.as(who), instance.id, node);
      expect((await decide(engine, engine.as(who), task.id, 'approve')).status).toBe(200);
    }
    const tasks = await eventually(() => engine.db.collection('tasks').find({ instanceId: instance.id }).toArray(),
      (t) => t.length === 3 && t.every((x) => x.status === 'approved'), { what: 'three approved tasks' });
    expect(tasks.map((t) => `${t.node}/${t.assignee}`).sort()).toEqual(['hr/finance.lead', 'manager/finance.lead', 'manager/hr.lead']);
    const final = await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')));
    expect(final.body).toMatchObject({ status: 'completed', path: ['start', 'manager', 'hr', 'approved'] });
  });
});
