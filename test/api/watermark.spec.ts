import { startEngine, type TestEngine } from '../support/engine';
import { auth, leaveRequest, pendingTask, publish, submit } from '../support/workflows';

describe('watermark', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest({ id: 'secret-leave', settings: { watermark: true } }));
    await publish(engine, leaveRequest({ id: 'plain-leave' }));
  });
  afterAll(() => engine.close());

  it('marks a sensitive request with the name of whoever views it and today\'s date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const started = await submit(engine, engine.as('alice'), 'secret-leave', { days: 1 });
    const mine = await engine.http.get(`/api/v1/instances/${started.id}`).set(auth(engine.as('alice')));
    expect(mine.body.watermark).toEqual({ text: 'alice · alice', date: today });
    const task = await pendingTask(engine, engine.as('bob'), started.id);
    const detail = await engine.http.get(`/api/v1/tasks/${task.id}`).set(auth(engine.as('bob')));
    expect(detail.body.instance.watermark).toEqual({ text: 'bob · bob', date: today });
  });

  it('shows none when the definition does not ask for it', async () => {
    const started = await submit(engine, engine.as('alice'), 'plain-leave', { days: 1 });
    expect((await engine.http.get(`/api/v1/instances/${started.id}`).set(auth(engine.as('alice')))).body.watermark).toBeNull();
  });
});
