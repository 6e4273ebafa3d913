import { getConnectionToken } from '@nestjs/mongoose';
import IORedis from 'ioredis';
import { redisConnection } from '../../apps/engine/src/config/config';
import type { Identity } from '../../apps/engine/src/auth/identity';
import { InstancesService } from '../../apps/engine/src/instances/instances.service';
import { startEngine, type TestEngine } from '../support/engine';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('concurrent decisions', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    // the driver reports its commands: the test counts the writes of one moment
    engine = await startEngine({ METRICS_DB_COMMANDS: true });
    await publish(engine, leaveRequest());
  });
  // closing waits for the effects of 100 requests; on a loaded shared machine that took over 60 s
  afterAll(() => engine.close(), 180_000);

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

  it('writes the events of one moment in one command; a request written twice in it keeps both, the later one tried again', async () => {
    const requests = await Promise.all(Array.from({ length: 8 }, () => submit(engine, engine.as('alice'), 'leave', { days: 1 })));
    const updates: number[] = [];
    const seen = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'update' && event.command.update === 'instances') updates.push((event.command.updates as unknown[]).length);
    };
    const monitored = engine.app.get(getConnectionToken()).getClient();
    monitored.on('commandStarted', seen);
    try {
      // eight comments on eight requests, and two more on the first one, asked in one moment
      const alice: Identity = { tenantId: 'acme', userId: 'alice', name: 'alice', roles: ['member'], adminOf: [], kind: 'user', ip: null };
      const instances = engine.app.get(InstancesService);
      await Promise.all([
        ...requests.map((r, i) => instances.comment(alice, r.id, `note ${i}`)),
        instances.comment(alice, requests[0]!.id, 'again'),
        instances.comment(alice, requests[0]!.id, 'and again'),
      ]);
    } finally {
      monitored.off('commandStarted', seen);
    }
    // ten writes went in fewer commands than ten: those of one turn share one
    expect(updates.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10);
    expect(updates.length).toBeLessThan(10);
    const first = await engine.db.collection('instances').findOne({ _id: requests[0]!.id as never });
    const lines = first!.history.filter((e: { type: string }) => e.type === 'comment').map((e: { comment: string }) => e.comment);
    expect(lines.sort()).toEqual(['again', 'and again', 'note 0']);
    expect(first!.rev).toBe(first!.history.at(-1).rev);
    for (const [i, r] of requests.entries()) {
      const doc = await engine.db.collection('instances').findOne({ _id: r.id as never });
      expect(doc!.history.filter((e: { type: string }) => e.type === 'comment')).toHaveLength(i === 0 ? 3 : 1);
    }
  });

  it('gives 100 requests submitted in parallel 100 distinct serial numbers', async () => {
    await publish(engine, { ...leaveRequest({ id: 'numbered' }), serialPrefix: 'PAR' });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      engine.http.post('/api/v1/instances').set(auth(engine.as('alice'))).send({ definitionId: 'numbered', form: { days: 1 + (i % 5) } })));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const serials = results.map((r) => r.body.serial as string);
    const year = new Date().getUTCFullYear();
    expect(new Set(serials).size).toBe(100);
    expect(serials.every((s) => new RegExp(`^PAR-${year}-\\d{6}$`).test(s))).toBe(true);
    expect(serials.map((s) => Number(s.slice(-6))).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // a counter lost from Redis is seeded again from the highest stored number
    const redis = new IORedis(redisConnection(engine.config.REDIS_URL));
    await redis.del(`${engine.config.QUEUE_PREFIX}:serial:acme:PAR-${year}-`);
    await redis.quit();
    const next = await engine.http.post('/api/v1/instances').set(auth(engine.as('alice'))).send({ definitionId: 'numbered', form: { days: 1 } });
    expect(next.body.serial).toBe(`PAR-${year}-000101`);
  });
});
