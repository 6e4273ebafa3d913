import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('bulk approve', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  it('answers at once with a job, approves in the background and reports progress and each result', async () => {
    const alice = engine.as('alice');
    const bob = engine.as('bob');
    const started = await Promise.all(Array.from({ length: 25 }, (_, i) => submit(engine, alice, 'leave', { days: 1 + (i % 5) })));
    const tasks = await Promise.all(started.map((s) => pendingTask(engine, bob, s.id)));
    // one of carol's tasks, later: not bob's to decide
    const atHr = started[0]!.id;
    const ids = [...tasks.map((t) => t.id), `${atHr}.hr.1.carol`, 'no.such.task'];

    const accepted = await engine.http.post('/api/v1/tasks/bulk-approve').set(auth(bob)).send({ taskIds: ids, comment: 'fine by me' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'queued', total: 27, done: 0, failed: 0 });

    const job = await eventually(() => engine.http.get(`/api/v1/jobs/${accepted.body.id}`).set(auth(bob)).then((r) => r.body),
      (j) => j.status === 'done', { what: 'the job to finish', timeoutMs: 60_000 });
    expect(job).toMatchObject({ total: 27, done: 25, failed: 2, progress: 1, etaSeconds: null });
    expect(job.ratePerSecond).toBeGreaterThan(0);
    expect(job.results.slice(0, 25).every((r: { status: string }) => r.status === 'done')).toBe(true);
    expect(job.results.slice(25)).toEqual([
      { id: `${atHr}.hr.1.carol`, status: 'failed', message: expect.any(String) },
      { id: 'no.such.task', status: 'failed', message: 'task "no.such.task" does not exist' },
    ]);
    for (const s of started) {
      const instance = (await engine.http.get(`/api/v1/instances/${s.id}`).set(auth(alice))).body;
      expect(instance.at).toEqual(['hr']);
    }
    // the job is bob's: alice does not see it
    expect((await engine.http.get(`/api/v1/jobs/${accepted.body.id}`).set(auth(alice))).status).toBe(404);
  });

  it('skips a task decided meanwhile instead of failing', async () => {
    const bob = engine.as('bob');
    const s = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    const task = await pendingTask(engine, bob, s.id);
    expect((await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(bob)).send({})).status).toBe(200);
    const accepted = await engine.http.post('/api/v1/tasks/bulk-approve').set(auth(bob)).send({ taskIds: [task.id] });
    const job = await eventually(() => engine.http.get(`/api/v1/jobs/${accepted.body.id}`).set(auth(bob)).then((r) => r.body), (j) => j.status === 'done', { what: 'the job' });
    expect(job.results).toEqual([{ id: task.id, status: 'skipped', message: expect.stringMatching(/already/) }]);
  });

  it.each([
    [{ taskIds: [] }, '/body/taskIds'],
    [{ taskIds: ['a', 'a'] }, '/body/taskIds'],
    [{ taskIds: ['a b'] }, '/body/taskIds/0'],
    [{}, '/body/taskIds'],
  ])('refuses %j naming %s', async (payload, pointer) => {
    const res = await engine.http.post('/api/v1/tasks/bulk-approve').set(auth(engine.as('bob'))).send(payload);
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { pointer: string }) => p.pointer)).toContain(pointer);
    expect(await engine.db.collection('jobs').countDocuments({ 'actor.userId': 'bob', 'input.taskIds': { $in: ['a', 'a b'] } })).toBe(0);
  });
});
