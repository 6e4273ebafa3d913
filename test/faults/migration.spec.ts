import { MongoClient } from 'mongodb';
import { seedPeople } from '../support/engine';
import { serviceUrls, TEST_SECRET, uniqueName, withDatabase } from '../support/env';
import { eventually } from '../support/eventually';
import { as, leaveV1, leaveV2, MAPPING, publishVersion, spreadOverNodes } from '../support/migration-flows';
import { EngineProcess } from '../support/process';

/**
 * A migration batch whose worker is killed with SIGKILL part-way: after a
 * new worker takes the job over, every request has moved exactly once and
 * holds exactly the tasks the mapping gives it.
 */
describe('a migration batch survives its worker being killed', () => {
  const { mongo, redis } = serviceUrls();
  const env = { MONGODB_URI: withDatabase(mongo, uniqueName('baton')), REDIS_URL: redis, JWT_SECRET: TEST_SECRET, QUEUE_PREFIX: uniqueName('bq'), RELAY_SWEEP_MS: '1000', RATE_LIMIT_PER_MINUTE: '100000' };
  const api = new EngineProcess(env, 'api');
  const first = new EngineProcess(env, 'worker');
  const second = new EngineProcess(env, 'worker');
  const client = new MongoClient(env.MONGODB_URI);
  const db = () => client.db();

  beforeAll(async () => {
    await seedPeople(db());
    await Promise.all([api.start(), first.start()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([api, first, second].map((p) => p.stop('SIGKILL')));
    await db().dropDatabase().catch(() => undefined);
    await client.close();
  });

  it('moves each of 50 requests exactly once, with no task duplicated or lost, after a SIGKILL mid-batch and a restart', async () => {
    const http = () => api.http();
    await publishVersion(http, leaveV1());
    const byNode = await spreadOverNodes(http);
    await publishVersion(http, leaveV2());

    const started = await http().post('/api/v1/definitions/leave-mig/migrations').set(as('admin')).send({ from: 1, to: 2, mapping: MAPPING });
    expect(started.status).toBe(202);
    const progress = () => db().collection('migrations').findOne({ _id: started.body.id }).then((m) => m?.results.length ?? 0);
    const atKill = await eventually(progress, (n) => n >= 3, { what: 'the batch to be under way', intervalMs: 5, timeoutMs: 30_000 });
    await first.stop('SIGKILL');
    const recordedAtKill = await progress();
    console.log(`worker killed with ${atKill} of 50 recorded`);
    expect(recordedAtKill).toBeLessThan(50);

    // BullMQ hands the killed worker's job to the next worker once its lock lapses
    await second.start();
    const done = await eventually(() => http().get(`/api/v1/migrations/${started.body.id}`).set(as('admin')).then((r) => r.body), (m) => m.status === 'done',
      { what: 'the resumed batch to finish', timeoutMs: 120_000, intervalMs: 500 });
    expect(done).toMatchObject({ total: 50, done: 50, migrated: 50, refused: 0 });
    expect(new Set(done.results.map((r: { instanceId: string }) => r.instanceId)).size).toBe(50);

    const instances = await db().collection('instances').find({ definitionId: 'leave-mig' }).toArray();
    expect(instances).toHaveLength(50);
    for (const i of instances) {
      expect(i.version).toBe(2);
      expect(i.history.filter((h: { type: string }) => h.type === 'migrated')).toHaveLength(1);
    }
    // every request holds exactly one open task where the mapping put it; every closed one is cancelled once
    const tasks = await eventually(() => db().collection('tasks').find({ definitionId: 'leave-mig' }).toArray(),
      (t) => t.filter((x) => x.status === 'pending').length >= 50 && t.filter((x) => x.status === 'cancelled').length >= 30, { what: 'the moved tasks', timeoutMs: 60_000 });
    const pending = tasks.filter((t) => t.status === 'pending');
    expect(pending).toHaveLength(50);
    expect(new Set(pending.map((t) => t.instanceId)).size).toBe(50);
    for (const id of byNode.manager!) expect(pending.filter((t) => t.instanceId === id).map((t) => `${t.node}:${t.assignee}`)).toEqual(['lead:bob']);
    for (const id of byNode.finance!) expect(pending.filter((t) => t.instanceId === id).map((t) => `${t.node}:${t.assignee}`)).toEqual(['hr:carol']);
    expect(tasks.filter((t) => t.status === 'cancelled')).toHaveLength(30);
    // 15 + 30 + 30 + 40 tasks decided or opened before, 30 opened by the move: none more
    expect(tasks).toHaveLength(50 + 15 * 1 + 10 * 2 + 10 * 3 + 30);
  }, 300_000);
});
