import { createHash } from 'node:crypto';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, handedOver, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('transfer and e-signature', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine({ ATTACHMENT_MAX_BYTES: 2000 });
    await publish(engine, leaveRequest());
    const signed = leaveRequest({ id: 'signed' });
    signed.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], requireSignature: true };
    await publish(engine, signed);
    const withFiles = leaveRequest({ id: 'with-files' });
    withFiles.form.fields.push({ key: 'receipts', label: 'Receipts', type: 'attachment', multiple: true });
    await publish(engine, withFiles);
    await engine.db.collection('users').updateOne({ tenantId: 'acme', id: 'erin' }, { $set: { active: false } });
  });
  afterAll(() => engine.close());

  it('hands a task to another person, who then decides', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    const moved = await engine.http.post(`/api/v1/tasks/${task.id}/transfer`).set(auth(engine.as('bob'))).send({ to: 'dan', comment: 'on holiday' });
    expect(moved.status).toBe(200);
    const dans = await pendingTask(engine, engine.as('dan'), instance.id, 'manager');
    expect((await decide(engine, engine.as('dan'), dans.id, 'approve')).status).toBe(200);
    await eventually(() => engine.db.collection('tasks').findOne({ _id: task.id as never }), (t) => t?.status === 'transferred', { what: 'bob\'s task transferred' });
  });

  it('refuses a transfer to a deactivated or unknown person, naming the field, and changes nothing', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    const before = await handedOver(engine, instance.id);
    const gone = await engine.http.post(`/api/v1/tasks/${task.id}/transfer`).set(auth(engine.as('bob'))).send({ to: 'erin' });
    expect(gone.status).toBe(400);
    expect(gone.body.problems).toEqual([{ pointer: '/body/to', message: '"erin" is deactivated' }]);
    const unknown = await engine.http.post(`/api/v1/tasks/${task.id}/transfer`).set(auth(engine.as('bob'))).send({ to: 'ghost' });
    expect(unknown.body.problems).toEqual([{ pointer: '/body/to', message: 'unknown user "ghost"' }]);
    expect(await engine.db.collection('instances').findOne({ _id: instance.id as never })).toEqual(before);
  });

  it('needs a drawn signature where the node asks for one, and keeps it with its hash', async () => {
    const instance = await submit(engine, engine.as('alice'), 'signed', { days: 1 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    const unsigned = await decide(engine, engine.as('bob'), task.id, 'approve');
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.problems).toEqual([{ pointer: '/body/signature', message: 'is required at this step' }]);
    const notPng = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(engine.as('bob'))).send({ signature: 'data:image/png;base64,aGVsbG8=' });
    expect(notPng.status).toBe(400);
    expect((await engine.db.collection('instances').findOne({ _id: instance.id as never }))!.rev).toBe(1);

    const ok = await engine.http.post(`/api/v1/tasks/${task.id}/approve`).set(auth(engine.as('bob'))).send({ signature: `data:image/png;base64,${PNG}` });
    expect(ok.status).toBe(200);
    const sha256 = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history[1]).toMatchObject({ type: 'decide', actor: 'bob', signature: sha256 });
    expect(await engine.db.collection('signatures').findOne({ id: task.id })).toMatchObject({ sha256, userId: 'bob', node: 'manager' });
  });

  it('sends a task opened for someone out of office to their delegate, and refuses a deactivated delegate', async () => {
    const carol = engine.as('carol');
    const window = { from: new Date(Date.now() - 60_000).toISOString(), until: new Date(Date.now() + 3_600_000).toISOString() };
    const refused = await engine.http.put('/api/v1/me/delegation').set(auth(carol)).send({ to: 'erin', ...window });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([{ pointer: '/body/to', message: '"erin" is deactivated' }]);
    expect((await engine.http.put('/api/v1/me/delegation').set(auth(carol)).send({ to: 'dave', ...window })).status).toBe(200);

    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    await decide(engine, engine.as('bob'), (await pendingTask(engine, engine.as('bob'), instance.id)).id, 'approve');
    const delegated = await pendingTask(engine, engine.as('dave'), instance.id, 'hr');
    expect((await decide(engine, engine.as('dave'), delegated.id, 'approve')).body.instance.status).toBe('completed');
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.map((e: { type: string; outcome?: string }) => e.outcome)).toContain('delegated to dave (out of office)');

    expect((await engine.http.delete('/api/v1/me/delegation').set(auth(carol))).status).toBe(204);
    expect((await engine.http.get('/api/v1/me').set(auth(carol))).body.delegation).toBeNull();
  });

  it('takes attachments within the size and type limits, keeps their hash, and lets the request\'s readers download them', async () => {
    const alice = engine.as('alice');
    const png = Buffer.from(PNG, 'base64');
    const upload = (body: Buffer, type: string, name = 'receipt.png') =>
      engine.http.post(`/api/v1/attachments?name=${name}`).set(auth(alice)).set('Content-Type', type).send(body);
    const limits = await engine.http.get('/api/v1/attachments/limits').set(auth(alice));
    expect(limits.body).toEqual({ maxBytes: 2000, types: expect.arrayContaining(['image/png', 'application/pdf']) });
    const tooBig = await upload(Buffer.alloc(2001, 1), 'image/png');
    expect(tooBig.status).toBe(413);
    const wrongType = await upload(png, 'application/x-msdownload', 'run.exe');
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.problems[0].pointer).toBe('/headers/content-type');
    expect(await engine.db.collection('attachments').countDocuments()).toBe(0);

    const stored = await upload(png, 'image/png');
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ name: 'receipt.png', type: 'image/png', size: png.length, sha256: createHash('sha256').update(png).digest('hex') });

    const unknown = await engine.http.post('/api/v1/instances').set(auth(alice)).send({ definitionId: 'with-files', form: { days: 1, receipts: [{ id: '00000000-0000-4000-8000-000000000000' }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems).toEqual([{ pointer: '/form/receipts/0/id', message: 'unknown attachment "00000000-0000-4000-8000-000000000000"; upload it first' }]);

    const instance = await submit(engine, alice, 'with-files', { days: 1, receipts: [{ id: stored.body.id, name: 'receipt.png' }] });
    await pendingTask(engine, engine.as('bob'), instance.id);
    const download = await engine.http.get(`/api/v1/attachments/${stored.body.id}`).set(auth(engine.as('bob'))).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, png)).toBe(0);
    expect(download.headers['x-content-sha256']).toBe(stored.body.sha256);
    expect((await engine.http.get(`/api/v1/attachments/${stored.body.id}`).set(auth(engine.as('mallory')))).status).toBe(404);
  });
});
