import type { Definition } from '@baton/dsl';
import { ManualClock } from '../../apps/engine/src/clock/clock';
import { DueTimers } from '../../apps/engine/src/effects/due-timers';
import { TIMERS_QUEUE } from '../../apps/engine/src/effects/queues';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, pendingTask, publish, submit } from '../support/workflows';

const HOUR = 3_600_000;

/**
 * A deadline of two working days on a tenant's calendar (Shanghai, Monday to
 * Friday 09:00-18:00, Sunday 27 September 2026 made up as a working day),
 * with a warning at 80 %: submitted Friday 15:00, the warning comes Monday
 * 11:24 and the automatic approval Monday 15:00, not two wall-clock days later.
 * National Day (1 October) is a holiday.
 */
describe('deadlines in working time', () => {
  let engine: TestEngine;
  const clock = new ManualClock(new Date('2026-09-25T15:00:00+08:00').getTime());
  const globex = (who: string) => auth(engine.as(who, 'globex'));

  beforeAll(async () => {
    engine = await startEngine({ OPERATOR_TENANTS: 'other-co' }, clock);
    const created = await engine.http.post('/api/v1/tenants').set(auth(engine.as('admin', 'other-co'))).send({
      id: 'globex',
      admin: { email: 'root@globex.example', name: 'Root', password: 'correct horse battery staple 42' },
      settings: { timeZone: 'Asia/Shanghai', locale: 'zh-CN', calendar: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', holidays: ['2026-10-01'], workdays: ['2026-09-27'] } },
    });
    expect(created.status).toBe(201);
    for (const id of ['alice', 'bob']) {
      expect((await engine.http.post('/api/v1/org/users').set(globex('admin')).send({ id, email: `${id}@globex.example`, name: id })).status).toBe(201);
    }
    await publish(engine, {
      id: 'purchase', name: 'Purchase', kind: 'approval', form: { fields: [] },
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'buy', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }], deadlines: { decideAfter: 'P2D', decision: 'approve', workingTime: true, warnAt: 0.8 } } },
        { id: 'done', type: 'end' },
      ],
      edges: [{ from: 'start', to: 'buy' }, { from: 'buy', to: 'done', on: 'approved' }],
    } as Definition, engine.as('admin', 'globex'));
  });
  afterAll(() => engine.close());

  const fire = () => engine.app.get(DueTimers).fireDue();
  const state = async (id: string) => (await engine.http.get(`/api/v1/instances/${id}`).set(globex('alice'))).body;

  it('warns at 80 % of the working time and decides at its end, over the weekend and its make-up day', async () => {
    const started = await submit(engine, engine.as('alice', 'globex'), 'purchase', {});
    await pendingTask(engine, engine.as('bob', 'globex'), started.id);
    const timers = engine.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    const queued = await eventually(() => timers.getDelayed(), (jobs) => jobs.filter((j) => j.data.instanceId === started.id).length === 2, { what: 'both timers queued' });
    const due = Object.fromEntries(queued.filter((j) => j.data.instanceId === started.id).map((j) => [j.data.name, new Date(j.data.dueAt).toISOString()]));
    expect(due).toEqual({ warn: '2026-09-28T03:24:00.000Z', decide: '2026-09-28T07:00:00.000Z' });

    // Sunday 15:00 would be two wall-clock days; nothing is due yet (Monday 11:00 in Shanghai)
    clock.advance(68 * HOUR);
    expect(await fire()).toBe(0);
    expect((await state(started.id)).status).toBe('running');

    clock.advance(HOUR / 2);
    await eventually(fire, (n) => n > 0, { what: 'the warning firing' });
    await eventually(() => engine.http.get('/api/v1/notifications').set(globex('bob')).then((r) => r.body.items.map((n: { kind: string }) => n.kind)),
      (kinds: string[]) => kinds.includes('reminder'), { what: 'bob warned' });
    const history = (await engine.http.get(`/api/v1/instances/${started.id}/history`).set(globex('alice'))).body.items;
    expect(history.filter((e: { actor: string }) => e.actor === 'system').map((e: { explanation: Record<string, string> }) => e.explanation))
      .toEqual([{ en: '80 % of the time to decide has passed; warned the approvers', 'zh-CN': '处理时限已过 80%，已提醒审批人' }]);

    clock.advance(4 * HOUR);
    await eventually(fire, (n) => n > 0, { what: 'the decision firing' });
    await eventually(() => state(started.id), (s) => s.status === 'completed', { what: 'approved automatically' });
    const task = await eventually(() => engine.db.collection('tasks').findOne({ instanceId: started.id, assignee: 'bob' }), (t) => t?.status !== 'pending', { what: 'bob\'s task settled' });
    expect(task).toMatchObject({ status: 'approved', decidedBy: 'system' });
  });

  it('skips a public holiday: submitted Wednesday 30 September, due Friday 2 October, not on National Day', async () => {
    clock.advance(new Date('2026-09-30T09:00:00+08:00').getTime() - clock.nowMs());
    const started = await submit(engine, engine.as('alice', 'globex'), 'purchase', {});
    const timers = engine.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    const queued = await eventually(() => timers.getDelayed(), (jobs) => jobs.filter((j) => j.data.instanceId === started.id).length === 2, { what: 'both timers queued' });
    const due = Object.fromEntries(queued.filter((j) => j.data.instanceId === started.id).map((j) => [j.data.name, new Date(j.data.dueAt).toISOString()]));
    expect(due).toEqual({ warn: '2026-10-02T06:24:00.000Z', decide: '2026-10-02T10:00:00.000Z' });
  });
});
