import { ManualClock } from '../../apps/engine/src/clock/clock';
import { DueTimers } from '../../apps/engine/src/effects/due-timers';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

const HOUR = 3_600_000;

describe('approval deadlines', () => {
  let engine: TestEngine;
  // the engine's time: deadlines of hours pass when the test moves it, not in real time
  const clock = new ManualClock();
  beforeAll(async () => {
    engine = await startEngine({}, clock);
    // bob's manager is dan: escalation goes there
    await engine.http.patch('/api/v1/org/users/bob').set(auth(engine.as('admin'))).send({ managerId: 'dan' });
  });
  afterAll(() => engine.close());

  /** Moves the engine's clock and fires the timers it passed (once their jobs are queued). */
  async function pass(ms: number, what: string) {
    clock.advance(ms);
    await eventually(() => engine.app.get(DueTimers).fireDue(), (fired) => fired > 0, { what: `the ${what} timer firing` });
  }

  it('reminds after X, escalates to the approver\'s manager after Y and decides automatically after Z, on durable timers', async () => {
    const def = leaveRequest({ id: 'deadlines' });
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'PT1H', escalateAfter: 'PT2H', decideAfter: 'PT4H', decision: 'approve' } };
    await publish(engine, def);
    const instance = await submit(engine, engine.as('alice'), def.id, { days: 1 });
    await pendingTask(engine, engine.as('bob'), instance.id);

    await pass(HOUR, 'remind');
    await eventually(() => engine.http.get('/api/v1/notifications').set(auth(engine.as('bob'))).then((r) => r.body.items.map((n: { kind: string }) => n.kind)),
      (kinds: string[]) => kinds.includes('reminder'), { what: 'the reminder' });
    expect(await engine.db.collection('tasks').findOne({ instanceId: instance.id, assignee: 'bob' })).toMatchObject({ status: 'pending' });

    await pass(HOUR, 'escalate');
    const escalated = await pendingTask(engine, engine.as('dan'), instance.id, 'manager');
    expect(escalated.node).toBe('manager');
    await eventually(() => engine.db.collection('tasks').findOne({ instanceId: instance.id, assignee: 'bob' }), (t) => t?.status === 'transferred', { what: 'bob\'s task transferred' });

    await pass(2 * HOUR, 'decide');
    await pendingTask(engine, engine.as('carol'), instance.id, 'hr');
    const view = (await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')))).body;
    expect(view.at).toEqual(['hr']);
    expect(view.notes.map((n: { note: string }) => n.note)).toEqual(['reminded the approvers', 'escalated to the approvers\' managers', 'no decision in time; approved automatically']);
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.filter((e: { type: string }) => e.type === 'timer').map((e: { outcome: string }) => e.outcome)).toEqual(['remind', 'escalate', 'decide']);
  });
});
