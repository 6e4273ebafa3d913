import type { Definition } from '@baton/dsl';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { auth, decide, pendingTask, publish, submit } from '../support/workflows';

/**
 * "2 of finance and 1 of legal", with the CEO office's veto: business roles
 * feed the groups, approvers and the initiator read the tally on the request.
 */
describe('quorum rules on an approval node', () => {
  let engine: TestEngine;
  const admin = () => auth(engine.as('admin'));

  beforeAll(async () => {
    engine = await startEngine();
    const holders: Record<string, string[]> = { finance: ['bob', 'carol', 'dan'], legal: ['dave', 'erin'], ceo: ['mallory'] };
    for (const [code, people] of Object.entries(holders)) {
      expect((await engine.http.post('/api/v1/org/business-roles').set(admin()).send({ code, name: { en: code, zh: code } })).status).toBe(201);
      for (const userId of people) expect((await engine.http.post(`/api/v1/org/business-roles/${code}/holders`).set(admin()).send({ userId })).status).toBe(201);
    }
    await publish(engine, {
      id: 'contract', name: 'Contract', kind: 'approval', form: { fields: [] },
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'board', type: 'approval', config: { assignees: [], mode: 'quorum', quorum: {
          groups: [{ name: 'finance', assignees: [{ type: 'role', value: 'finance' }], count: 2 }, { name: 'legal', assignees: [{ type: 'role', value: 'legal' }], count: 1 }],
          veto: [{ type: 'role', value: 'ceo' }],
        } } },
        { id: 'done', type: 'end' },
      ],
      edges: [{ from: 'start', to: 'board' }, { from: 'board', to: 'done', on: 'approved' }],
    } as Definition);
  });
  afterAll(() => engine.close());

  const view = async (id: string, who: string) => (await engine.http.get(`/api/v1/instances/${id}`).set(auth(engine.as(who)))).body;
  const approve = async (id: string, who: string) => expect((await decide(engine, engine.as(who), (await pendingTask(engine, engine.as(who), id)).id, 'approve')).status).toBe(200);
  const settled = (id: string, count: number) => eventually(() => engine.db.collection('tasks').find({ instanceId: id }).toArray(),
    (t) => t.length === count && t.every((x) => x.status !== 'pending'), { what: 'every task settled' });

  it('passes with 2 of finance and 1 of legal, showing the tally to approvers and the initiator on the way', async () => {
    const started = await submit(engine, engine.as('alice'), 'contract', {});
    await approve(started.id, 'bob');
    const midway = await view(started.id, 'alice');
    expect(midway.status).toBe('running');
    expect(midway.tally.board).toMatchObject({
      mode: 'quorum', approvedBy: ['bob'], rejectedBy: [], pending: ['carol', 'dan', 'dave', 'erin', 'mallory'],
      groups: [{ name: 'finance', count: 2, approved: 1, members: ['bob', 'carol', 'dan'] }, { name: 'legal', count: 1, approved: 0, members: ['dave', 'erin'] }],
      veto: { holders: ['mallory'], vetoedBy: [] }, outcome: null,
    });
    // an approver sees the same tally on their task
    const task = await pendingTask(engine, engine.as('erin'), started.id);
    expect((await engine.http.get(`/api/v1/tasks/${task.id}`).set(auth(engine.as('erin')))).body.instance.tally.board.groups[0].approved).toBe(1);

    await approve(started.id, 'dave');
    expect((await view(started.id, 'alice')).status).toBe('running');
    await approve(started.id, 'dan');
    expect((await view(started.id, 'alice')).status).toBe('completed');
    const tasks = await settled(started.id, 6);
    expect(Object.fromEntries(tasks.map((t) => [t.assignee, t.status]))).toEqual({ bob: 'approved', dan: 'approved', dave: 'approved', carol: 'cancelled', erin: 'cancelled', mallory: 'cancelled' });
  });

  it('ends with one rejection by the veto holder, whatever the count', async () => {
    const started = await submit(engine, engine.as('alice'), 'contract', {});
    await approve(started.id, 'bob');
    await approve(started.id, 'carol');
    const vetoed = await decide(engine, engine.as('mallory'), (await pendingTask(engine, engine.as('mallory'), started.id)).id, 'reject');
    expect(vetoed.status).toBe(200);
    expect((await view(started.id, 'alice')).status).toBe('rejected');
  });

  it('rejects once a group can no longer reach its count', async () => {
    const started = await submit(engine, engine.as('alice'), 'contract', {});
    for (const who of ['dave', 'erin']) expect((await decide(engine, engine.as(who), (await pendingTask(engine, engine.as(who), started.id)).id, 'reject')).status).toBe(200);
    expect((await view(started.id, 'alice')).status).toBe('rejected');
  });

  it('adds a signer in parallel (并加签): both are asked now, both must approve', async () => {
    await publish(engine, {
      id: 'purchase', name: 'Purchase', kind: 'approval', form: { fields: [] },
      nodes: [{ id: 'start', type: 'start' }, { id: 'buy', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }] } }, { id: 'done', type: 'end' }],
      edges: [{ from: 'start', to: 'buy' }, { from: 'buy', to: 'done', on: 'approved' }],
    } as Definition);
    const started = await submit(engine, engine.as('alice'), 'purchase', {});
    const bobs = await pendingTask(engine, engine.as('bob'), started.id);
    const added = await engine.http.post(`/api/v1/tasks/${bobs.id}/add-signer`).set(auth(engine.as('bob'))).send({ who: 'carol', position: 'parallel' });
    expect(added.status).toBe(200);
    expect(added.body.task.status).toBe('pending');
    await pendingTask(engine, engine.as('carol'), started.id);
    await approve(started.id, 'bob');
    expect((await view(started.id, 'alice')).status).toBe('running');
    expect((await view(started.id, 'alice')).tally.buy).toMatchObject({ approvedBy: ['bob'], pending: ['carol'], added: [{ who: 'carol', by: 'bob', position: 'parallel' }] });
    await approve(started.id, 'carol');
    expect((await view(started.id, 'alice')).status).toBe('completed');
    expect((await engine.http.post(`/api/v1/tasks/${bobs.id}/add-signer`).set(auth(engine.as('bob'))).send({ who: 'dan', position: 'beside' })).status).toBe(400);
  });
});
