import { getQueueToken } from '@nestjs/bullmq';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { INSTANCE } from '../../apps/engine/src/instances/instance.schema';
import { QueueEvents, type Queue } from 'bullmq';
import { redisConnection } from '../../apps/engine/src/config/config';
import { OutboxRelay } from '../../apps/engine/src/instances/outbox.relay';
import { TIMERS_QUEUE, timerJobId, type TimerJob } from '../../apps/engine/src/effects/queues';
import { TasksService } from '../../apps/engine/src/tasks/tasks.service';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, decide, leaveRequest, leaveWithCoolingOff, pendingTask, publish, submit } from '../support/workflows';

describe('durable execution', () => {
  let engine: TestEngine;
  let timers: Queue<TimerJob>;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
    await publish(engine, { ...leaveWithCoolingOff('PT1H'), settings: { withdraw: 'always' } });
    timers = engine.app.get(getQueueToken(TIMERS_QUEUE));
  });
  afterAll(() => engine.close());

  const instances = () => engine.db.collection('instances');
  const tasksOf = (instanceId: string) => engine.db.collection('tasks').find({ instanceId }).toArray();

  it('re-sends effects whose dispatch was lost after the write (a crash), exactly once', async () => {
    const relay = engine.app.get(OutboxRelay);
    const lost = jest.spyOn(relay, 'dispatchSoon').mockImplementationOnce(() => undefined);
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    lost.mockRestore();
    expect((await instances().findOne({ _id: instance.id as never }))!.outbox.map((e: { type: string }) => e.type)).toEqual(['createTasks', 'notify', 'publish', 'publish', 'publish', 'publish', 'audit']);

    await pendingTask(engine, engine.as('bob'), instance.id);
    const record = await eventually(() => instances().findOne({ _id: instance.id as never }), (r) => r?.outbox.length === 0 && r.outboxAt === null, { what: 'an empty outbox' });
    expect(record!.outbox).toEqual([]);

    // the same effect handed over again (a relay that died before clearing the outbox) changes nothing
    await relay.dispatch('acme', instance.id);
    await instances().updateOne({ _id: instance.id as never }, { $set: { outbox: [{ type: 'createTasks', node: 'manager', visit: 1, assignees: ['bob'], mode: 'any', title: 't', id: `${instance.id}.1.0`, rev: 1 }] } });
    expect(await relay.dispatch('acme', instance.id)).toBe(1);
    expect(await tasksOf(instance.id)).toHaveLength(1);
  });

  it('leaves the outbox to the newer writer when a clear misses: no second read, nothing performed twice', async () => {
    const relay = engine.app.get(OutboxRelay);
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    await pendingTask(engine, engine.as('bob'), instance.id);
    // a slow hand-over: it read the instance before the comment below was written
    const stale = (await instances().findOne({ _id: instance.id as never }))!;
    await instances().updateOne({ _id: instance.id as never }, { $set: { outbox: [{ type: 'createTasks', node: 'manager', visit: 1, assignees: ['bob'], mode: 'any', title: 't', id: `${instance.id}.1.0`, rev: stale.rev }] } });
    const old = (await instances().findOne({ _id: instance.id as never }))!;
    expect((await engine.http.post(`/api/v1/instances/${instance.id}/comments`).set(auth(engine.as('alice'))).send({ text: 'any news?' })).status).toBe(201);
    const after = await eventually(() => instances().findOne({ _id: instance.id as never }), (r) => r?.outboxAt === null, { what: 'the comment handed over and cleared' });
    expect(after!.rev).toBe(old.rev + 1);

    const reads = jest.spyOn(engine.app.get<Model<unknown>>(getModelToken(INSTANCE)), 'findOne');
    // its clear is guarded by the revision it read, which has moved: it misses, and the hand-over ends there
    expect(await relay.dispatch('acme', instance.id, { rev: old.rev, outbox: old.outbox, definitionId: old.definitionId, outboxAt: old.outboxAt })).toBe(1);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    expect(await instances().findOne({ _id: instance.id as never })).toMatchObject({ rev: old.rev + 1, outbox: [], outboxAt: null });
    expect(await tasksOf(instance.id)).toHaveLength(1);
  });

  it('settles tasks on the newest revision when effects arrive out of order', async () => {
    const tasks = engine.app.get(TasksService);
    const base = { node: 'manager', visit: 1, assignees: ['bob', 'dan'] };
    const event = { tenantId: 'acme', instanceId: 'ooo-1', definitionId: 'leave' };
    await tasks.perform([{ type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'cancelled' }, { assignee: 'dan', status: 'approved' }], by: 'dan', rev: 3 }], event);
    await tasks.perform([{ type: 'createTasks', ...base, mode: 'any', title: 'late', rev: 2 }], event);
    const settled = await tasksOf('ooo-1');
    expect(settled.map((t) => [t.assignee, t.status, t.rev]).sort()).toEqual([['bob', 'cancelled', 3], ['dan', 'approved', 3]]);
  });

  it('ignores a timer that fires after its node was left, and removes the pending one', async () => {
    const alice = engine.as('alice');
    const instance = await submit(engine, alice, 'leave-cooling', { days: 1 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    expect((await decide(engine, engine.as('bob'), task.id, 'approve')).status).toBe(200);
    const jobId = timerJobId(instance.id, 'cooling', 1);
    await eventually(() => timers.getJob(jobId), Boolean, { what: 'the scheduled timer' });

    const withdrawn = await engine.http.post(`/api/v1/instances/${instance.id}/withdraw`).set(auth(alice)).send({});
    expect(withdrawn.body.status).toBe('withdrawn');
    await eventually(() => timers.getJob(jobId), (job) => !job, { what: 'the timer to be removed' });

    // the timer fires anyway (it was already due when the node was left)
    const events = new QueueEvents(TIMERS_QUEUE, { connection: redisConnection(engine.config.REDIS_URL), prefix: engine.config.QUEUE_PREFIX });
    await events.waitUntilReady();
    const stale = await timers.add('timer', { tenantId: 'acme', instanceId: instance.id, node: 'cooling', token: 1 }, { jobId: `${jobId}.late` });
    const result = await stale.waitUntilFinished(events, 15_000);
    await events.close();
    expect(result).toEqual({ fired: false });
    const record = await instances().findOne({ _id: instance.id as never });
    expect(record).toMatchObject({ status: 'withdrawn', rev: 3 });
  });

  it('schedules a timer once even when its effect is handed over twice', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave-cooling', { days: 1 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    await decide(engine, engine.as('bob'), task.id, 'approve');
    const jobId = timerJobId(instance.id, 'cooling', 1);
    await eventually(() => timers.getJob(jobId), Boolean, { what: 'the scheduled timer' });
    await timers.add('timer', { tenantId: 'acme', instanceId: instance.id, node: 'cooling', token: 1 }, { jobId, delay: 3_600_000 });
    const delayed = (await timers.getDelayed()).filter((j) => j.data.instanceId === instance.id);
    expect(delayed.map((j) => j.id)).toEqual([jobId]);
  });
});

describe('the relay sweep', () => {
  let engine: TestEngine;
  // no sweep but the test's own
  beforeAll(async () => {
    engine = await startEngine({ RELAY_SWEEP_MS: 3_600_000 });
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  it('re-sends every outbox a crash left behind, each once, and clears them all', async () => {
    const relay = engine.app.get(OutboxRelay);
    const lost = jest.spyOn(relay, 'dispatchSoon').mockImplementation(() => undefined);
    const ids: string[] = [];
    for (const days of [1, 2, 3]) ids.push((await submit(engine, engine.as('alice'), 'leave', { days })).id);
    lost.mockRestore();
    const instances = engine.db.collection('instances');
    // left longer than one sweep period
    await instances.updateMany({ _id: { $in: ids as never[] } }, { $set: { outboxAt: new Date(Date.now() - 2 * 3_600_000) } });
    const outboxes = await instances.find({ _id: { $in: ids as never[] } }).toArray();
    const effects = outboxes.reduce((n, r) => n + r.outbox.length, 0);
    expect(effects).toBeGreaterThanOrEqual(3 * 7);

    expect(await relay.sweep()).toBe(effects);
    expect(await instances.countDocuments({ _id: { $in: ids as never[] }, $or: [{ outboxAt: { $ne: null } }, { 'outbox.0': { $exists: true } }] })).toBe(0);
    for (const id of ids) await pendingTask(engine, engine.as('bob'), id);
    // a second sweep finds nothing left, and nothing was opened twice
    expect(await relay.sweep()).toBe(0);
    expect((await engine.db.collection('tasks').find({ instanceId: { $in: ids } }).toArray()).map((t) => t.assignee)).toEqual(['bob', 'bob', 'bob']);
  });
});
