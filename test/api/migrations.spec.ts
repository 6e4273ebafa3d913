import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { TIMERS_QUEUE, timerJobId } from '../../apps/engine/src/effects/queues';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { as, leaveV1, leaveV2, MAPPING, publishVersion, spreadOverNodes } from '../support/migration-flows';

type Item = { instanceId: string; outcome: string; to: string[]; how?: string; code?: string; closes: unknown[]; opens: unknown[]; timers: Record<string, number> };

describe('migrating running requests to a new version', () => {
  let engine: TestEngine;
  let byNode: Record<string, string[]>;
  const http = () => engine.http;
  const admin = as('admin');

  beforeAll(async () => {
    engine = await startEngine();
    await publishVersion(http, leaveV1());
    byNode = await spreadOverNodes(http);
    await publishVersion(http, leaveV2());
  }, 180_000);
  afterAll(() => engine.close());

  it('suggests the nodes whose ids match and counts the requests waiting at each', async () => {
    const res = await http().get('/api/v1/definitions/leave-mig/migrations/mapping?from=1&to=2').set(admin);
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toEqual([
      { from: 'manager', to: null, why: 'missing', waiting: 15 },
      { from: 'finance', to: null, why: 'missing', waiting: 15 },
      { from: 'hr', to: 'hr', why: 'sameId', waiting: 10 },
      { from: 'ceo', to: 'ceo', why: 'sameId', waiting: 10 },
    ]);
    expect(res.body.targets.map((t: { id: string }) => t.id)).toEqual(['lead', 'head', 'hr', 'ceo']);
  });

  it.each([
    [{ from: 1, to: 2, mapping: { manager: 'nowhere' } }, 400, '/body/mapping/manager'],
    [{ from: 1, to: 2, mapping: { manager: 'start' } }, 400, '/body/mapping/manager'],
    [{ from: 1, to: 2, mapping: { ghost: 'lead' } }, 400, '/body/mapping/ghost'],
    [{ from: 1, to: 2, mapping: { manager: 'bad id!' } }, 400, '/body/mapping/manager'],
    [{ from: 2, to: 2, mapping: {} }, 400, '/body/to'],
    [{ from: 1, mapping: {} }, 400, '/body/to'],
  ])('refuses %j naming the field', async (body, status, pointer) => {
    const res = await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(admin).send(body);
    expect(res.status).toBe(status);
    expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toContain(pointer);
  });

  it('answers 404 for a version that does not exist and 403 for someone who is not an admin', async () => {
    expect((await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(admin).send({ from: 1, to: 9, mapping: {} })).status).toBe(404);
    expect((await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(as('alice')).send({ from: 1, to: 2, mapping: {} })).status).toBe(403);
  });

  it('dry-runs, then migrates 50 requests over 4 nodes exactly as the dry run said, moving their tasks and timers', async () => {
    // without a target for the removed node, its requests are refused, each with the reason
    const partial = await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(admin).send({ from: 1, to: 2, mapping: { ...MAPPING, finance: undefined } });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ total: 50, migrated: 35, refused: 15 });
    expect(partial.body.items.filter((i: Item) => i.outcome === 'refused').every((i: Item & { message: string }) => i.code === 'unmapped' && i.message === 'node "finance" has no mapping')).toBe(true);

    const dry = await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(admin).send({ from: 1, to: 2, mapping: MAPPING });
    expect(dry.body).toMatchObject({ total: 50, migrated: 50, refused: 0 });
    const planned = new Map<string, Item>(dry.body.items.map((i: Item) => [i.instanceId, i]));
    const one = (id: string) => planned.get(id)!;
    // the split node: bob's task closes, bob's lead task opens
    expect(one(byNode.manager![0]!)).toMatchObject({ how: 'reentered', to: ['lead'], closes: [{ node: 'manager', visit: 1, assignee: 'bob' }], opens: [{ node: 'lead', visit: 1, assignee: 'bob' }] });
    // the removed node: dan's task closes, carol's HR task opens
    expect(one(byNode.finance![0]!)).toMatchObject({ how: 'reentered', to: ['hr'], closes: [{ node: 'finance', visit: 1, assignee: 'dan' }], opens: [{ node: 'hr', visit: 1, assignee: 'carol' }] });
    expect(one(byNode.hr![0]!)).toMatchObject({ how: 'kept', to: ['hr'], closes: [], opens: [], timers: { moved: 0, dropped: 0, scheduled: 0 } });
    expect(one(byNode.ceo![0]!)).toMatchObject({ how: 'kept', to: ['ceo'], closes: [], opens: [], timers: { moved: 0, dropped: 0, scheduled: 1 } });
    // a dry run writes nothing
    expect(await engine.db.collection('instances').countDocuments({ definitionId: 'leave-mig', version: 2 })).toBe(0);

    const started = await http().post('/api/v1/definitions/leave-mig/migrations').set(admin).send({ from: 1, to: 2, mapping: MAPPING });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', total: 50, done: 0 });
    const done = await eventually(() => http().get(`/api/v1/migrations/${started.body.id}`).set(admin).then((r) => r.body), (m) => m.status === 'done',
      { what: 'the migration to finish', timeoutMs: 60_000, intervalMs: 100 });
    const seconds = (new Date(done.finishedAt).getTime() - new Date(done.startedAt).getTime()) / 1000;
    console.log(`migrated ${done.done} instances in ${seconds.toFixed(2)} s: ${(done.done / seconds).toFixed(1)} instances/s`);
    expect(done).toMatchObject({ total: 50, done: 50, migrated: 50, refused: 0, progress: 1 });
    // the batch did exactly what the dry run said, instance by instance
    const strip = ({ instanceId, outcome, to, how, closes, opens, timers }: Item) => ({ instanceId, outcome, to, how, closes, opens, timers });
    expect(done.results.map(strip).sort(byId)).toEqual(dry.body.items.map(strip).sort(byId));

    const instances = await engine.db.collection('instances').find({ definitionId: 'leave-mig' }).toArray();
    expect(instances.every((i) => i.version === 2)).toBe(true);
    // history kept, with one migrated line each
    for (const i of instances) {
      expect(i.history.filter((h: { type: string }) => h.type === 'migrated')).toEqual([expect.objectContaining({ fromVersion: 1, toVersion: 2, migration: started.body.id })]);
      expect(i.history[0].type).toBe('submitted');
    }
    // every request holds exactly one open task, where the mapping put it; the closed ones are cancelled
    const tasks = await eventually(() => engine.db.collection('tasks').find({ definitionId: 'leave-mig' }).toArray(),
      (t) => t.filter((x) => x.status === 'pending').length === 50 && t.filter((x) => x.status === 'cancelled').length === 30, { what: 'the moved tasks' });
    const pending = tasks.filter((t) => t.status === 'pending');
    expect(new Set(pending.map((t) => t.instanceId)).size).toBe(50);
    for (const id of byNode.manager!) expect(pending.find((t) => t.instanceId === id)).toMatchObject({ node: 'lead', assignee: 'bob' });
    for (const id of byNode.finance!) expect(pending.find((t) => t.instanceId === id)).toMatchObject({ node: 'hr', assignee: 'carol' });
    expect(tasks.filter((t) => t.status === 'cancelled').map((t) => t.node).sort()).toEqual([...Array(15).fill('finance'), ...Array(15).fill('manager')]);
    // the director's new reminder is a timer of each waiting request
    const timers = engine.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    await eventually(async () => (await Promise.all(byNode.ceo!.map((id) => timers.getJob(timerJobId(id, 'ceo', 1, 'remind'))))).every((j) => j !== undefined), Boolean, { what: 'the reminders' });

    const history = (await http().get(`/api/v1/instances/${byNode.manager![0]}/history`).set(as('alice'))).body.items;
    expect(history.filter((h: { type: string }) => h.type === 'migrated')).toEqual([expect.objectContaining({
      from: ['manager'], to: ['lead'], fromVersion: 1, toVersion: 2, tasks: { closed: [{ node: 'manager', visit: 1, assignee: 'bob' }], opened: [{ node: 'lead', visit: 1, assignee: 'bob' }] },
    })]);
    // a replay steps through one version: a migrated request says so instead of showing a false mismatch
    const replayed = await http().get(`/api/v1/instances/${byNode.manager![0]}/replay`).set(as('alice'));
    expect(replayed.status).toBe(409);
    expect(replayed.body.message).toContain('was migrated from version 1 to 2');
    // the requests run on version 2 now: bob's approval at the team lead goes to the new head step
    const id = byNode.manager![0]!;
    expect((await http().post(`/api/v1/tasks/${id}.lead.1.bob/approve`).set(as('bob')).send({})).status).toBe(200);
    expect((await http().get(`/api/v1/instances/${id}`).set(as('alice'))).body).toMatchObject({ version: 2, at: ['head'] });
    // and the audit log has a line per migrated request
    await eventually(() => engine.db.collection('audit').countDocuments({ action: 'instance.migrate' }), (n) => n === 50, { what: 'the audit lines' });

    // a finished batch can no longer stop; a second one finds nothing left on version 1
    expect((await http().post(`/api/v1/migrations/${started.body.id}/stop`).set(admin)).status).toBe(409);
    const again = await http().post('/api/v1/definitions/leave-mig/migrations/dry-run').set(admin).send({ from: 1, to: 2, mapping: MAPPING });
    expect(again.body.total).toBe(0);
  }, 120_000);

  it('stops a batch after the request in hand and resumes it where it stopped, moving the director\'s reminder', async () => {
    const v3 = leaveV2();
    v3.nodes = v3.nodes.map((n) => (n.id === 'ceo' ? { ...n, config: { ...n.config, deadlines: { remindAfter: 'P2D' } } } : n));
    await publishVersion(http, v3);
    const mapping = { lead: 'lead', head: 'head', hr: 'hr', ceo: 'ceo' };
    const started = await http().post('/api/v1/definitions/leave-mig/migrations').set(admin).send({ from: 2, to: 3, mapping });
    expect(started.status).toBe(202);
    expect((await http().post(`/api/v1/migrations/${started.body.id}/stop`).set(admin)).status).toBe(200);
    const stopped = await eventually(() => http().get(`/api/v1/migrations/${started.body.id}`).set(admin).then((r) => r.body), (m) => m.status === 'stopped', { what: 'the batch to stop' });
    expect(stopped.done).toBeLessThan(50);
    expect((await http().post(`/api/v1/migrations/${started.body.id}/stop`).set(admin)).status).toBe(200);
    expect(await engine.db.collection('instances').countDocuments({ definitionId: 'leave-mig', version: 3 })).toBe(stopped.done);

    expect((await http().post(`/api/v1/migrations/${started.body.id}/resume`).set(admin)).status).toBe(200);
    expect((await http().post(`/api/v1/migrations/${started.body.id}/resume`).set(admin)).status).toBe(409);
    const done = await eventually(() => http().get(`/api/v1/migrations/${started.body.id}`).set(admin).then((r) => r.body), (m) => m.status === 'done', { what: 'the resumed batch', timeoutMs: 60_000 });
    expect(done).toMatchObject({ total: 50, done: 50, migrated: 50 });
    expect(new Set(done.results.map((r: Item) => r.instanceId)).size).toBe(50);
    // the director's reminder moved from one day to two: cancelled and placed again, once per waiting request
    const atCeo = done.results.filter((r: Item) => r.to[0] === 'ceo');
    expect(atCeo).toHaveLength(10);
    expect(atCeo.every((r: Item) => r.how === 'kept' && r.timers.moved === 1)).toBe(true);
    const timers = engine.app.get<Queue>(getQueueToken(TIMERS_QUEUE));
    const reminder = await eventually(() => timers.getJob(timerJobId(byNode.ceo![0]!, 'ceo', 1, 'remind')), (j) => j !== undefined && j.opts.delay! > 86_400_000, { what: 'the moved reminder' });
    expect(reminder!.opts.delay).toBeGreaterThan(86_400_000);
    const instances = await engine.db.collection('instances').find({ definitionId: 'leave-mig' }).toArray();
    expect(instances.every((i) => i.version === 3 && i.history.filter((h: { type: string }) => h.type === 'migrated').length === 2)).toBe(true);
  }, 120_000);
});

const byId = (a: { instanceId: string }, b: { instanceId: string }) => a.instanceId.localeCompare(b.instanceId);
