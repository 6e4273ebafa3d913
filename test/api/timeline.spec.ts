import type { Definition } from '@baton/dsl';
import { ManualClock } from '../../apps/engine/src/clock/clock';
import { DueTimers } from '../../apps/engine/src/effects/due-timers';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, decide, pendingTask, publish, submit } from '../support/workflows';

const HOUR = 3_600_000;

interface Entry { type: string; actor: string; node?: string; reason?: { code: string; params: Record<string, unknown> }; explanation?: Record<string, string> }

/** Every step the engine takes on its own is a history line by `system`, explained in English and Chinese. */
describe('a timeline that explains itself', () => {
  let engine: TestEngine;
  const clock = new ManualClock();
  beforeAll(async () => {
    engine = await startEngine({}, clock);
  });
  afterAll(() => engine.close());

  const history = async (id: string, who = 'admin') => (await engine.http.get(`/api/v1/instances/${id}/history`).set(auth(engine.as(who)))).body.items as Entry[];
  const automatic = async (id: string) => (await history(id)).filter((e) => e.actor === 'system').map((e) => ({ type: e.type, node: e.node, code: e.reason?.code, en: e.explanation?.en, zh: e.explanation?.['zh-CN'] }));
  const task = (instanceId: string, assignee: string) => eventually(() => engine.db.collection('tasks').findOne({ instanceId, assignee }), (t) => t !== null && t.status !== 'pending', { what: `${assignee}'s task settled` });

  function flow(id: string, first: Record<string, unknown>, second?: Record<string, unknown>): Definition {
    const nodes: Definition['nodes'] = [{ id: 'start', type: 'start' }, { id: 'first', type: 'approval', config: first }];
    const edges: Definition['edges'] = [{ from: 'start', to: 'first' }];
    if (second) nodes.push({ id: 'second', type: 'approval', config: second });
    edges.push(second ? { from: 'first', to: 'second', on: 'approved' } : { from: 'first', to: 'done', on: 'approved' });
    if (second) edges.push({ from: 'second', to: 'done', on: 'approved' });
    nodes.push({ id: 'done', type: 'end' });
    return { id, name: id, kind: 'approval', form: { fields: [] }, nodes, edges } as Definition;
  }

  it('nobody resolved: the timeline says so, in both languages', async () => {
    await publish(engine, flow('nobody', { assignees: [{ type: 'role', value: 'deptAdmin' }], whenNobody: 'admin', admin: 'erin' }));
    const started = await submit(engine, engine.as('alice'), 'nobody', {});
    expect(await automatic(started.id)).toEqual([
      { type: 'automatic', node: 'first', code: 'emptyRole', en: 'nobody has the role deptAdmin', zh: '没有人担任角色 deptAdmin' },
      { type: 'automatic', node: 'first', code: 'nobodyResolved', en: 'no approver resolved; handed to erin', zh: '未找到审批人；转交给 erin' },
    ]);
  });

  it('approved before and initiator is the approver: system lines, and the tasks approved by system', async () => {
    await publish(engine, flow('auto', { assignees: [{ type: 'user', value: 'bob' }] },
      { assignees: [{ type: 'user', value: 'bob' }, { type: 'initiator' }, { type: 'user', value: 'dan' }], mode: 'all', skipApproved: 'adjacent', whenInitiator: 'approve' }));
    const started = await submit(engine, engine.as('alice'), 'auto', {});
    await decide(engine, engine.as('bob'), (await pendingTask(engine, engine.as('bob'), started.id, 'first')).id, 'approve');
    await decide(engine, engine.as('dan'), (await pendingTask(engine, engine.as('dan'), started.id, 'second')).id, 'approve');
    expect(await automatic(started.id)).toEqual([
      { type: 'automatic', node: 'second', code: 'approvedBefore', en: 'bob approved automatically (approved before)', zh: 'bob 已在之前审批过，自动通过' },
      { type: 'automatic', node: 'second', code: 'initiatorIsApprover', en: 'alice approved automatically (is the initiator)', zh: 'alice 是发起人，自动通过' },
    ]);
    await eventually(() => engine.db.collection('tasks').find({ instanceId: started.id, node: 'second' }).toArray(), (t) => t.length === 3, { what: 'second node settled' });
    const second = await engine.db.collection('tasks').find({ instanceId: started.id, node: 'second' }).sort({ assignee: 1 }).toArray();
    expect(second.map((t) => [t.assignee, t.status, t.decidedBy])).toEqual([['alice', 'approved', 'system'], ['bob', 'approved', 'system'], ['dan', 'approved', 'dan']]);
  });

  it.each([['approve', 'approved', '超时未处理，自动通过'], ['reject', 'rejected', '超时未处理，自动驳回']] as const)(
    'a deadline that decides (%s) leaves the task %s by system and says why', async (decision, status, zh) => {
      const id = `deadline-${decision}`;
      await publish(engine, flow(id, { assignees: [{ type: 'user', value: 'carol' }], deadlines: { decideAfter: 'PT4H', decision } }));
      const started = await submit(engine, engine.as('alice'), id, {});
      await pendingTask(engine, engine.as('carol'), started.id);
      clock.advance(4 * HOUR);
      await eventually(() => engine.app.get(DueTimers).fireDue(), (fired) => fired > 0, { what: 'the decide timer firing' });
      expect(await task(started.id, 'carol')).toMatchObject({ status, decidedBy: 'system' });
      expect(await automatic(started.id)).toEqual([{ type: 'automatic', node: 'first', code: 'deadlineDecided', en: `no decision in time; ${status} automatically`, zh }]);
    });

  it('a delegation is a system line naming both people', async () => {
    const now = clock.now();
    const away = await engine.http.put('/api/v1/me/delegation').set(auth(engine.as('dave')))
      .send({ to: 'erin', from: new Date(now.getTime() - HOUR).toISOString(), until: new Date(now.getTime() + 24 * HOUR).toISOString() });
    expect(away.status).toBe(200);
    await publish(engine, flow('delegated', { assignees: [{ type: 'user', value: 'dave' }] }));
    const started = await submit(engine, engine.as('alice'), 'delegated', {});
    await pendingTask(engine, engine.as('erin'), started.id);
    const lines = await eventually(() => automatic(started.id), (l) => l.length > 0, { what: 'the delegation line' });
    expect(lines).toEqual([{ type: 'transfer', node: 'first', code: 'delegated', en: 'dave is out of office; delegated to erin', zh: 'dave 不在办公室，已委托给 erin' }]);
    // the initiator reads the same timeline
    expect((await history(started.id, 'alice')).some((e) => e.reason?.code === 'delegated')).toBe(true);
  });
});
