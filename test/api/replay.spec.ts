import { startEngine, type TestEngine } from '../support/engine';
import { auth, decide, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

/**
 * GET /instances/:id/replay beyond the template samples (templates.spec.ts
 * replays every one of those): who may replay, a request recorded before
 * events were kept, and a stored state that differs from the recomputed one.
 */
describe('replaying a request', () => {
  let engine: TestEngine;
  const replay = (id: string, who = engine.as('alice')) => engine.http.get(`/api/v1/instances/${id}/replay`).set(auth(who));
  /** alice's leave of 2 days, approved by bob: two steps */
  const approvedByBob = async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 2 });
    const task = await pendingTask(engine, engine.as('bob'), instance.id);
    expect((await decide(engine, engine.as('bob'), task.id, 'approve')).status).toBe(200);
    return instance;
  };

  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
  });
  afterAll(() => engine.close());

  it('steps through the events: the submit, then bob\'s decision, each matching what was stored', async () => {
    const { id } = await approvedByBob();
    const res = await replay(id);
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { type: string; actor: string; at: string[]; matches: boolean }) => [s.type, s.actor, s.at, s.matches]))
      .toEqual([['submitted', 'alice', ['manager'], true], ['decide', 'bob', ['hr'], true]]);
    expect(res.body.steps[1]).toMatchObject({ holders: [{ node: 'hr', assignees: ['carol'], open: ['carol'] }], tallies: { manager: { approvedBy: ['bob'], outcome: 'approved' } } });
  });

  it('is for whoever may read the request: a stranger gets 404, the approver 200', async () => {
    const { id } = await approvedByBob();
    expect((await replay(id, engine.as('mallory'))).status).toBe(404);
    expect((await replay(id, engine.as('bob'))).status).toBe(200);
  });

  it('flags a step whose stored state differs from the recomputed one', async () => {
    const { id } = await approvedByBob();
    await engine.db.collection('instances').updateOne({ _id: id as never, 'history.type': 'decide' }, { $set: { 'history.$.state': '0000000000000000' } });
    const steps = (await replay(id)).body.steps as Array<{ matches: boolean; stored: { digest: string } }>;
    expect(steps.map((s) => s.matches)).toEqual([true, false]);
    expect(steps[1]!.stored.digest).toBe('0000000000000000');
  });

  it('answers 409 for a request recorded before events were kept, whose history stays readable', async () => {
    const { id } = await approvedByBob();
    const doc = await engine.db.collection('instances').findOne({ _id: id as never });
    const old = (doc!.history as Array<Record<string, unknown>>).map(({ event: _e, state: _s, ...line }) => line);
    await engine.db.collection('instances').updateOne({ _id: id as never }, { $set: { history: old } });
    const res = await replay(id);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/recorded before its events were kept for replay/);
    const history = await engine.http.get(`/api/v1/instances/${id}/history`).set(auth(engine.as('alice')));
    expect(history.status).toBe(200);
    expect(history.body.items.map((h: { type: string }) => h.type)).toEqual(['submitted', 'decide']);
  });
});
