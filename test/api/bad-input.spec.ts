import { startEngine, type TestEngine } from '../support/engine';
import { auth, handedOver, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * Bad input gets a 4xx whose body names the field and the reason, and leaves
 * nothing behind: every case counts the collections before and after.
 */
describe('bad input', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  const alice = () => engine.as('alice');
  const admin = () => engine.as('admin');
  const counts = async () => Object.fromEntries(await Promise.all(
    ['instances', 'tasks', 'definitions', 'definition_versions'].map(async (c) => [c, await engine.db.collection(c).countDocuments()] as const),
  ));

  async function expectNothingNew(action: () => Promise<void>) {
    const before = await counts();
    await action();
    expect(await counts()).toEqual(before);
  }

  const start = (_: null) => engine.http.post('/api/v1/instances').set(auth(alice())).set('Content-Type', 'application/json');

  it('answers malformed JSON with 400', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send('{"definitionId": "leave", "form": {');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'the body is not valid JSON' });
    });
  });

  it('answers an unknown definition with 404 naming it', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send({ definitionId: 'holiday', form: {} });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('definition "holiday" does not exist');
    });
  });

  it('answers a malformed instance id with 400 naming the parameter', async () => {
    const res = await engine.http.get('/api/v1/instances/not-a-uuid').set(auth(alice()));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ pointer: '/params/id', message: 'must be a UUID, like 0f8fad5b-d9cb-469f-a165-70867728950e' }]);
  });

  it('answers a field of the wrong type with 400 naming the field', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send({ definitionId: 'leave', form: { days: 'three' } });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/form/days', message: 'must be a number' }]);
    });
  });

  it('answers a missing required field with 400 naming the field', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send({ definitionId: 'leave', form: { reason: 'rest' } });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/form/days', message: 'is required' }]);
    });
  });

  it('answers an unknown extra field, in the form and in the body, with 400 naming it', async () => {
    await expectNothingNew(async () => {
      const inForm = await start(null).send({ definitionId: 'leave', form: { days: 1, salary: 1e6 } });
      expect(inForm.status).toBe(400);
      expect(inForm.body.problems).toEqual([{ pointer: '/form/salary', message: 'is not an accepted property here' }]);
      const inBody = await start(null).send({ definitionId: 'leave', form: { days: 1 }, status: 'completed' });
      expect(inBody.status).toBe(400);
      expect(inBody.body.problems).toEqual([{ pointer: '/body/status', message: 'is not an accepted property here' }]);
    });
  });

  it('answers values out of range and a reversed date range with 400', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send({ definitionId: 'leave', form: { days: 99, period: { start: '2026-12-10', end: '2026-12-01' } } });
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/form/days', message: 'must be <= 30' }]);
      const reversed = await start(null).send({ definitionId: 'leave', form: { days: 2, period: { start: '2026-12-10', end: '2026-12-01' } } });
      expect(reversed.body.problems).toEqual([{ pointer: '/form/period/end', message: 'must not be before start' }]);
    });
  });

  it('answers a 10 MB body with 413', async () => {
    await expectNothingNew(async () => {
      const res = await start(null).send({ definitionId: 'leave', form: { days: 1, reason: 'x'.repeat(10 * 1024 * 1024) } });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, message: 'the body is larger than the limit' });
    });
  });

  it('refuses to publish an invalid draft with 422 listing every problem', async () => {
    const draft = leaveRequest({ id: 'broken' });
    draft.nodes[2]!.type = 'teleport';
    draft.edges.push({ from: 'hr', to: 'nowhere' });
    const saved = await engine.http.put('/api/v1/definitions/broken').set(auth(admin())).send(draft);
    expect(saved.status).toBe(200);
    expect(saved.body.problemCount).toBe(2);
    await expectNothingNew(async () => {
      const res = await engine.http.post('/api/v1/definitions/broken/publish').set(auth(admin())).send({});
      expect(res.status).toBe(422);
      expect(res.body.problems).toEqual([
        { pointer: '/nodes/2/type', message: 'unknown node type "teleport"' },
        { pointer: '/edges/5/to', message: 'unknown node "nowhere"' },
      ]);
    });
    const start = await engine.http.post('/api/v1/instances').set(auth(alice())).send({ definitionId: 'broken', form: {} });
    expect(start.status).toBe(422);
    expect(start.body.problems).toEqual([{ pointer: '/body/definitionId', message: 'has no published version' }]);
  });

  it('refuses a draft whose id does not match the path', async () => {
    await expectNothingNew(async () => {
      const res = await engine.http.put('/api/v1/definitions/leave').set(auth(admin())).send(leaveRequest({ id: 'other' }));
      expect(res.status).toBe(400);
      expect(res.body.problems).toEqual([{ pointer: '/body/id', message: 'must equal the id in the path ("leave")' }]);
    });
  });

  it('answers a missing or forged token with 401 and a member editing definitions with 403', async () => {
    await expectNothingNew(async () => {
      expect((await engine.http.get('/api/v1/instances')).status).toBe(401);
      expect((await engine.http.get('/api/v1/instances').set('Authorization', 'Bearer forged.token.here')).status).toBe(401);
      const res = await engine.http.put('/api/v1/definitions/leave').set(auth(alice())).send(leaveRequest());
      expect(res.status).toBe(403);
    });
  });

  it('answers bad query parameters with 400 naming them', async () => {
    const res = await engine.http.get('/api/v1/instances?limit=5000&colour=red').set(auth(alice()));
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual(expect.arrayContaining([
      { pointer: '/query/limit', message: 'must be <= 200' },
      { pointer: '/query/colour', message: 'is not an accepted property here' },
    ]));
  });

  it('says in words what a shaped text must be, in a body, a path and a CSV line, never with a regular expression', async () => {
    const department = await engine.http.post('/api/v1/org/departments').set(auth(admin())).send({ id: '-sales', name: 'Sales' });
    expect(department.status).toBe(400);
    expect(department.body.problems).toEqual([{ pointer: '/body/id', message: 'must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' }]);
    const role = await engine.http.post('/api/v1/org/business-roles').set(auth(admin()))
      .send({ code: 'Finance', name: { en: 'Finance', zh: '财务' }, scoped: false, description: '' });
    expect(role.status).toBe(400);
    expect(role.body.problems).toEqual([{ pointer: '/body/code', message: 'must be a lower-case letter, then up to 63 letters, digits, "_" or "-"' }]);
    // "a phone number, or null": the phone number's words, once
    const person = await engine.http.post('/api/v1/org/users').set(auth(admin())).send({ id: 'p1', email: 'p1@acme.test', name: 'P', phone: 'call me' });
    expect(person.body.problems).toEqual([{ pointer: '/body/phone', message: 'must be a phone number: 5 to 20 digits, spaces, "(", ")" or "-", after an optional "+"' }]);
    const definition = await engine.http.get('/api/v1/definitions/9lives').set(auth(admin()));
    expect(definition.status).toBe(400);
    expect(definition.body.problems).toEqual([{ pointer: '/params/id', message: 'must be a letter, then up to 63 letters, digits, "_" or "-"' }]);
    const csv = await engine.http.post('/api/v1/org/business-roles/holders/import').set(auth(admin())).send({ csv: 'role,userId\nFinance,alice\n' });
    expect(csv.status).toBe(400);
    expect(csv.body.problems).toEqual([{ pointer: '/csv/2/role', message: 'line 2: role must be a lower-case letter, then up to 63 letters, digits, "_" or "-"' }]);
    // "an id, or empty": the id's words, once
    const people = await engine.http.post('/api/v1/org/users/import').set(auth(admin())).send({ csv: 'id,email,name,managerId\nq1,q1@acme.test,Q,-boss\n' });
    expect(people.status).toBe(400);
    expect(people.body.problems).toEqual([{ pointer: '/csv/2/managerId', message: 'line 2: managerId must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit' }]);
    // a pattern without words of its own still says which
    const task = await engine.http.get('/api/v1/tasks/a%20b').set(auth(alice()));
    expect(task.status).toBe(400);
    expect(task.body.problems).toEqual([{ pointer: '/params/id', message: 'must match the pattern ^[A-Za-z0-9._-]+$' }]);
  });

  it('refuses a return to a node that is not earlier, naming the field, and leaves the instance unchanged', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    const before = await handedOver(engine, instance.id);
    for (const to of ['hr', 'previous', 'nowhere']) {
      const res = await engine.http.post(`/api/v1/tasks/${task.id}/return`).set(auth(engine.as('bob'))).send({ to });
      expect(res.status).toBe(422);
      expect(res.body.problems[0].pointer).toBe('/body/to');
    }
    expect(await engine.db.collection('instances').findOne({ _id: instance.id as never })).toEqual(before);
  });

  it('refuses to withdraw once someone has decided, and to approve a finished request', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    expect((await decide(engine, engine.as('bob'), task.id, 'approve')).status).toBe(200);
    const withdraw = await engine.http.post(`/api/v1/instances/${instance.id}/withdraw`).set(auth(engine.as('alice'))).send({});
    expect(withdraw.status).toBe(409);
    expect(withdraw.body.message).toMatch(/can no longer be withdrawn/);
    const hr = await pendingTask(engine, engine.as('carol'), instance.id);
    await decide(engine, engine.as('carol'), hr.id, 'approve');
    const again = await decide(engine, engine.as('carol'), hr.id, 'approve');
    expect(again.status).toBe(409);
  });
});
