import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { authOf, sopDefinition } from '../support/crm';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('an SOP cadence started by a workflow reaching a node', () => {
  let engine: TestEngine;
  const admin = () => authOf(engine.as('admin'));

  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
    await publish(engine, sopDefinition('hr-file', {
      trigger: { event: 'workflow.node', definition: 'leave', node: 'hr' },
      steps: [{ at: 'PT0S', action: 'task', text: 'Prepare the HR file for {{item.id}}' }],
    }));
  }, 180_000);
  afterAll(() => engine.close());

  it('starts once for each visit of the node, for the initiator', async () => {
    const started = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const runsFor = () => engine.http.get('/api/v1/sop/runs?definitionId=hr-file').set(admin())
      .then((r) => (r.body.items as Array<{ itemId: string; owner: string; trigger: string }>).filter((run) => run.itemId.startsWith(started.id)));
    // not before the request reaches HR
    expect(await runsFor()).toEqual([]);
    const task = await pendingTask(engine, engine.as('bob'), started.id);
    expect((await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(engine.as('bob'))).send({})).status).toBe(200);
    const [run] = await eventually(runsFor, (runs) => runs.length > 0, { what: 'the cadence to start' });
    expect(run).toMatchObject({ trigger: 'workflow.node', itemId: `${started.id}/hr/1`, owner: 'alice' });
    const followUps = await eventually(() => engine.http.get('/api/v1/sop/follow-ups?status=open').set(authOf(engine.as('alice'))).then((r) => r.body.items as Array<{ text: string }>),
      (items) => items.length > 0, { what: 'the follow-up task' });
    expect(followUps.map((f) => f.text)).toEqual([`Prepare the HR file for ${started.id}/hr/1`]);
    expect(await runsFor()).toHaveLength(1);
  });

  it('refuses a workflow.node trigger that does not name its node', async () => {
    const def = sopDefinition('hr-file-bad', { trigger: { event: 'workflow.node', definition: 'leave' }, steps: [{ at: 'PT0S', action: 'task', text: 'x' }] });
    const res = await engine.http.post('/api/v1/definitions/validate').set(admin()).send(def);
    expect(res.body.problems).toContainEqual({ pointer: expect.stringMatching(/\/config\/trigger\/node$/), message: 'a workflow.node trigger names the node' });
  });
});
