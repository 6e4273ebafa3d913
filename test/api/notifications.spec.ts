import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { startMailbox } from '../support/smtp';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('notifications, urging and comments', () => {
  let engine: TestEngine;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  beforeAll(async () => {
    mailbox = await startMailbox();
    engine = await startEngine({ SMTP_URL: mailbox.url, MAIL_FROM: 'Baton <baton@acme.test>' });
    await publish(engine, { ...leaveRequest(), serialPrefix: 'LEAVE' });
  });
  afterAll(async () => {
    await engine.close();
    await mailbox.close();
  });

  const inbox = (who: string) => engine.http.get('/api/v1/notifications').set(auth(engine.as(who))).then((r) => r.body as { items: Array<{ id: string; kind: string; title: string; instanceId: string }>; unread: number });
  const kindsFor = async (who: string, instanceId: string) => (await inbox(who)).items.filter((n) => n.instanceId === instanceId).map((n) => n.kind).sort();
  const waitFor = (who: string, instanceId: string, kinds: string[]) =>
    eventually(() => kindsFor(who, instanceId), (k) => JSON.stringify(k) === JSON.stringify([...kinds].sort()), { what: `${who} to hear ${kinds.join(', ')}` });

  it('tells each approver of their task and the initiator of each step, in-app and by e-mail', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    await waitFor('bob', instance.id, ['assigned']);
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    await decide(engine, engine.as('bob'), task.id, 'approve', 'fine by me');
    await waitFor('carol', instance.id, ['assigned']);
    const hr = await pendingTask(engine, engine.as('carol'), instance.id);
    await decide(engine, engine.as('carol'), hr.id, 'approve');
    // the last approval completes the request: one "complete" message, not two
    await waitFor('alice', instance.id, ['approved', 'completed']);

    const serial = (await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('alice')))).body.serial as string;
    const mails = await eventually(async () => mailbox.received.filter((m) => m.subject.includes(serial)), (m) => m.length === 4, { what: 'four e-mails' });
    expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual([
      ['alice@acme.test', `${serial} is complete`],
      ['alice@acme.test', `bob approved ${serial}`],
      ['bob@acme.test', `${serial} needs your decision`],
      ['carol@acme.test', `${serial} needs your decision`],
    ]);
    expect(mails.find((m) => m.subject.startsWith('bob approved'))!.html).toContain('Comment: fine by me');
  });

  it('tells the initiator of a rejection and of a return', async () => {
    const rejected = await submit(engine, engine.as('alice'), 'leave', { days: 3 });
    await decide(engine, engine.as('bob'), (await pendingTask(engine, engine.as('bob'), rejected.id)).id, 'reject', 'not now');
    await waitFor('alice', rejected.id, ['rejected']);
    const returned = await submit(engine, engine.as('alice'), 'leave', { days: 3 });
    const task = await pendingTask(engine, engine.as('bob'), returned.id);
    await engine.http.post(`/api/v1/tasks/${task.id}/return`).set(auth(engine.as('bob'))).send({ to: 'initiator', comment: 'which dates?' });
    await waitFor('alice', returned.id, ['returned']);
  });

  it('lets the initiator urge at most once per 10 minutes per task', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    await pendingTask(engine, engine.as('bob'), instance.id);
    const first = await engine.http.post(`/api/v1/instances/${instance.id}/urge`).set(auth(engine.as('alice')));
    expect(first.status).toBe(200);
    expect(first.body.urged.map((u: { assignee: string }) => u.assignee)).toEqual(['bob']);
    await waitFor('bob', instance.id, ['assigned', 'urged']);
    const again = await engine.http.post(`/api/v1/instances/${instance.id}/urge`).set(auth(engine.as('alice')));
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(500);
    expect((await engine.http.post(`/api/v1/instances/${instance.id}/urge`).set(auth(engine.as('bob')))).status).toBe(403);
  });

  it('records comments in the history and notifies the people @mentioned', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 1 });
    await pendingTask(engine, engine.as('bob'), instance.id);
    const res = await engine.http.post(`/api/v1/instances/${instance.id}/comments`).set(auth(engine.as('bob'))).send({ text: '@carol can you cover? cc @nobody' });
    expect(res.status).toBe(201);
    expect(res.body.mentions).toEqual(['carol']);
    await waitFor('carol', instance.id, ['mentioned']);
    const history = (await engine.http.get(`/api/v1/instances/${instance.id}/history`).set(auth(engine.as('alice')))).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'comment', actor: 'bob', comment: '@carol can you cover? cc @nobody', mentions: ['carol'] });
    expect((await engine.http.post(`/api/v1/instances/${instance.id}/comments`).set(auth(engine.as('mallory'))).send({ text: 'hi' })).status).toBe(403);
  });

  it('counts unread notifications and marks them read', async () => {
    const before = await inbox('bob');
    expect(before.unread).toBeGreaterThan(0);
    const one = before.items[0]!;
    expect((await engine.http.post(`/api/v1/notifications/${one.id}/read`).set(auth(engine.as('bob')))).status).toBe(204);
    expect((await inbox('bob')).unread).toBe(before.unread - 1);
    await engine.http.post('/api/v1/notifications/read-all').set(auth(engine.as('bob')));
    expect((await inbox('bob')).unread).toBe(0);
    expect((await engine.http.post(`/api/v1/notifications/${one.id}/read`).set(auth(engine.as('carol')))).status).toBe(404);
  });

  it('copies people (cc node and copy on finish): they are told and can read, not act', async () => {
    const def = { ...leaveRequest({ id: 'copied' }), settings: { copyOnFinish: [{ type: 'user' as const, value: 'erin' }] } };
    def.nodes.push({ id: 'tell', type: 'cc', config: { people: [{ type: 'user', value: 'dave' }] } });
    def.edges[1] = { from: 'manager', to: 'tell', on: 'approved' };
    def.edges.push({ from: 'tell', to: 'hr' });
    await publish(engine, def);
    const instance = await submit(engine, engine.as('alice'), 'copied', { days: 1 });
    await decide(engine, engine.as('bob'), (await pendingTask(engine, engine.as('bob'), instance.id)).id, 'approve');
    await waitFor('dave', instance.id, ['copied']);
    const dave = engine.as('dave');
    expect((await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(dave))).body.form).toEqual({ days: 1 });
    expect((await engine.http.get('/api/v1/instances?copied=true').set(auth(dave))).body.items.map((i: { id: string }) => i.id)).toEqual([instance.id]);
    expect((await engine.http.get('/api/v1/tasks').set(auth(dave))).body.items).toEqual([]);
    await decide(engine, engine.as('carol'), (await pendingTask(engine, engine.as('carol'), instance.id)).id, 'approve');
    await waitFor('erin', instance.id, ['copied']);
    expect((await engine.http.get(`/api/v1/instances/${instance.id}`).set(auth(engine.as('erin')))).status).toBe(200);
  });
});
