import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build, fourLevelOrg } from '../support/org';
import { leaveWithThreshold as leave } from '../support/migration-flows';
import { auth, decide, pendingTask, publish, submit } from '../support/workflows';

describe('what-if before publishing', () => {
  let engine: TestEngine;
  const serials: string[] = [];
  beforeAll(async () => {
    engine = await startEngine();
    // Sales East has no head; newbie works only there
    await fourLevelOrg(engine);
    await build(engine, [], [{ id: 'newbie', departments: ['east'], managerId: 'lead' }]);
    await publish(engine, leave(3));
    // rep's head is hrhead (People); a 2-day and a 4-day leave, both approved
    for (const days of [2, 4]) {
      const started = await submit(engine, engine.as('rep'), 'leave-wi', { days });
      serials.push((started as unknown as { serial: string }).serial);
      const hrhead = engine.as('hrhead');
      expect((await decide(engine, hrhead, (await pendingTask(engine, hrhead, started.id)).id, 'approve')).status).toBe(200);
      if (days > 3) expect((await decide(engine, engine.as('carol'), (await pendingTask(engine, engine.as('carol'), started.id)).id, 'approve')).status).toBe(200);
    }
    // the analyst raises the threshold in the draft
    expect((await engine.http.put('/api/v1/definitions/leave-wi').set(auth(engine.as('admin'))).send(leave(5))).status).toBe(200);
  }, 120_000);
  afterAll(() => engine.close());

  const admin = () => auth(engine.as('admin'));
  const run = async () => {
    const started = await engine.http.post('/api/v1/definitions/leave-wi/what-if').set(admin()).send({});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', against: 1, limit: 200 });
    return eventually(() => engine.http.get(`/api/v1/what-if/${started.body.id}`).set(admin()).then((r) => r.body), (r) => r.status === 'done', { what: 'the what-if run' });
  };

  it('names the department with no head and the node that would ask nobody, and finds the path the new threshold changes', async () => {
    const done = await run();
    expect(done).toMatchObject({ total: 2, done: 2, progress: 1 });
    const { report } = done;
    expect(report.departments).toContainEqual({ department: { id: 'east', name: 'Sales East' }, nobody: [{ node: 'head', people: ['newbie'], then: 'reject' }], initiator: [] });
    // heads would approve their own leave
    expect(report.departments).toContainEqual({ department: { id: 'company', name: 'Company' }, nobody: [], initiator: [{ node: 'head', people: ['ceo'] }] });
    expect(report.requests).toBe(2);
    expect(report.pathChanges).toEqual([{
      requestId: expect.any(String), serial: serials[1],
      before: { path: ['start', 'head', 'long', 'hr', 'done'], status: 'completed' },
      after: { path: ['start', 'head', 'long', 'done'], status: 'completed' },
      added: [], removed: ['hr'],
    }]);
    expect(report.unreached).toEqual(['hr']);
    expect(report.waitForever).toEqual([{ node: 'hr', why: 'decidedBefore' }]);
    expect(report.tasksPerPerson).toEqual([{ person: 'hrhead', tasks: 2 }]);
  });

  it('publishes anyway with the findings in the version note', async () => {
    const done = await run();
    const published = await engine.http.post(`/api/v1/what-if/${done.id}/publish`).set(admin()).send({ note: 'longer leave without HR' });
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(2);
    expect(published.body.note).toContain('longer leave without HR');
    expect(published.body.note).toContain('Sales East: "head" asks nobody (newbie), then rejects');
    expect(published.body.note).toContain(`${serials[1]}: path changes, skips hr`);
  });

  it('validates its input and answers 404 for a run that does not exist', async () => {
    const bad = await engine.http.post('/api/v1/definitions/leave-wi/what-if').set(admin()).send({ requests: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0].pointer).toBe('/body/requests');
    expect((await engine.http.get('/api/v1/what-if/00000000-0000-4000-8000-000000000000').set(admin())).status).toBe(404);
    expect((await engine.http.post('/api/v1/definitions/leave-wi/what-if').set(auth(engine.as('alice'))).send({})).status).toBe(403);
  });
});
