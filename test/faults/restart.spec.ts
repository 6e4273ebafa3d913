import { Queue } from 'bullmq';
import { MongoClient } from 'mongodb';
import { redisConnection } from '../../apps/engine/src/config/config';
import { TIMERS_QUEUE, timerJobId } from '../../apps/engine/src/effects/queues';
import { seedPeople } from '../support/engine';
import { serviceUrls, TEST_SECRET, uniqueName, withDatabase } from '../support/env';
import { eventually } from '../support/eventually';
import { EngineProcess, tokenFor } from '../support/process';
import { leaveWithCoolingOff } from '../support/workflows';

describe('an engine restarted between two steps', () => {
  const { mongo, redis } = serviceUrls();
  const env = {
    MONGODB_URI: withDatabase(mongo, uniqueName('baton')),
    REDIS_URL: redis,
    JWT_SECRET: TEST_SECRET,
    QUEUE_PREFIX: uniqueName('bq'),
    RELAY_SWEEP_MS: '500',
  };
  const engines: EngineProcess[] = [];
  const client = new MongoClient(env.MONGODB_URI);
  const timers = new Queue(TIMERS_QUEUE, { connection: redisConnection(redis), prefix: env.QUEUE_PREFIX });
  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop('SIGKILL')));
    await client.db().dropDatabase().catch(() => undefined);
    await client.close();
    await timers.close();
  });

  const as = (user: string) => ({ Authorization: `Bearer ${tokenFor(user)}` });
  beforeAll(() => seedPeople(client.db()));
  const pendingOf = (engine: EngineProcess, user: string, instanceId: string) => eventually(
    () => engine.http().get('/api/v1/tasks').set(as(user)).then((r) => (r.body.items ?? []) as Array<{ id: string; instanceId: string }>),
    (items) => items.some((t) => t.instanceId === instanceId),
    { what: `a task for ${user}`, timeoutMs: 30_000 },
  ).then((items) => items.find((t) => t.instanceId === instanceId)!);

  it('continues the instance, and a PT2S delay set before the kill fires after the restart, exactly once', async () => {
    const first = new EngineProcess(env);
    engines.push(first);
    await first.start();
    const def = leaveWithCoolingOff('PT2S');
    expect((await first.http().put(`/api/v1/definitions/${def.id}`).set(as('admin')).send(def)).status).toBe(200);
    expect((await first.http().post(`/api/v1/definitions/${def.id}/publish`).set(as('admin')).send({})).status).toBe(201);
    const started = await first.http().post('/api/v1/instances').set(as('alice')).send({ definitionId: def.id, form: { days: 2 } });
    const instanceId: string = started.body.id;
    const task = await pendingOf(first, 'bob', instanceId);
    expect((await first.http().post(`/api/v1/tasks/${task.id}/approve`).set(as('bob'))).status).toBe(200);

    await first.stop('SIGKILL');
    const killedAt = Date.now();
    const second = new EngineProcess(env);
    engines.push(second);
    await second.start();

    const hrTask = await pendingOf(second, 'carol', instanceId);
    expect(await timers.getJob(timerJobId(instanceId, 'cooling', 1))).toBeDefined();
    const done = await second.http().post(`/api/v1/tasks/${hrTask.id}/approve`).set(as('carol'));
    expect(done.status).toBe(200);
    expect(done.body.instance.status).toBe('completed');

    const history = (await second.http().get(`/api/v1/instances/${instanceId}/history`).set(as('alice'))).body.items as Array<{ type: string; at: string }>;
    const fired = history.filter((e) => e.type === 'timer');
    expect(fired).toHaveLength(1);
    expect(Date.parse(fired[0]!.at)).toBeGreaterThan(killedAt);
    expect(history.map((e) => e.type)).toEqual(['submitted', 'decide', 'timer', 'decide']);
    // tasks are settled by effects, shortly after the decision
    const settled = (tasks: Array<{ node: string; status: string }>) => tasks.map((t) => [t.node, t.status]).sort();
    const tasks = await eventually(() => client.db().collection('tasks').find({ instanceId }).toArray(), (t) => settled(t as never).join() === 'hr,approved,manager,approved',
      // an effect job the killed engine held comes back when its lock lapses (10 s), found by the next check (5 s)
      { what: 'both tasks approved', timeoutMs: 40_000 });
    expect(settled(tasks as never)).toEqual([['hr', 'approved'], ['manager', 'approved']]);
  });
});
