import { join } from 'node:path';
import type { Definition } from '@baton/dsl';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { leaveRequest, publish, submit } from '../support/workflows';

const fixtures = join(__dirname, '..', 'fixtures');
const broken = ['throws-at-load.js', 'bad-schema.js', 'duplicate.js', 'no-execute.js'].map((f) => join(fixtures, 'broken-nodes', f));

/** Leave request with the custom score node first; its outputs lead on, its error edge (when asked) to "manual". */
function scored(id: string, failTimes: number, errorEdge: boolean): Definition {
  const def = leaveRequest({ id });
  def.form.fields.push({ key: 'amount', label: 'Amount', type: 'money' });
  def.nodes.push({ id: 'score', type: 'acme.score', config: { failTimes } });
  def.edges[0] = { from: 'start', to: 'score' };
  def.edges.push({ from: 'score', to: 'manager', on: 'good' }, { from: 'score', to: 'manager', on: 'poor' });
  if (errorEdge) {
    def.nodes.push({ id: 'manual', type: 'approval', config: { assignees: [{ type: 'user', value: 'dan' }] } });
    def.edges.push({ from: 'score', to: 'manual', on: 'error' }, { from: 'manual', to: 'approved', on: 'approved' });
  }
  return def;
}

describe('custom nodes', () => {
  let engine: TestEngine;
  const alice = () => ({ Authorization: `Bearer ${engine.as('alice').token}` });
  const instance = (id: string) => engine.http.get(`/api/v1/instances/${id}`).set(alice()).then((r) => r.body);

  beforeAll(async () => {
    engine = await startEngine({ CUSTOM_NODES_DIR: join(fixtures, 'custom-nodes'), CUSTOM_NODES: broken.join(',') });
  });
  afterAll(() => engine.close());

  it('lists a node package written against the public SDK with the built-ins, and names every broken one it skipped', async () => {
    const res = await engine.http.get('/api/v1/node-types').set(alice());
    expect(res.status).toBe(200);
    const score = res.body.items.find((t: { type: string }) => t.type === 'acme.score');
    expect(score).toMatchObject({ title: 'Credit score (flaky)', category: 'acme', icon: 'gauge', behaviour: 'action', outputs: ['good', 'poor', 'error'], run: { attempts: 3, backoffMs: 50 } });
    expect(score.config.properties.failTimes).toMatchObject({ type: 'integer', minimum: 0 });
    expect(res.body.items.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(['approval', 'http.request', 'chat.message', 'event.wait']));
    expect(res.body.skipped).toEqual([
      { source: broken[0], reason: expect.stringContaining('this package is broken on purpose') },
      { source: broken[1], type: 'acme.bad-schema', reason: expect.stringContaining('not a valid JSON Schema') },
      { source: broken[2], type: 'approval', reason: 'node type "approval" is already registered' },
      { source: broken[3], type: 'acme.lazy', reason: 'node type "acme.lazy" needs an execute function' },
    ]);
  });

  it('validates a custom node\'s config like a built-in one', async () => {
    const def = scored('scored-bad', -1, true);
    const res = await engine.http.post('/api/v1/definitions/validate').set({ Authorization: `Bearer ${engine.as('admin').token}` }).send(def);
    expect(res.body.problems).toContainEqual({ pointer: '/nodes/5/config/failTimes', message: expect.stringMatching(/>= 0/) });
  });

  it('runs the node in a worker, retries a failure and goes on with its result', async () => {
    await publish(engine, scored('scored-retry', 2, true));
    const started = await submit(engine, engine.as('alice'), 'scored-retry', { days: 2, amount: 50 });
    const done = await eventually(() => instance(started.id), (i) => i.at[0] === 'manager', { what: 'the score node to finish' });
    expect(done.vars).toEqual({ score: 720, attempts: 3 });
    expect(done.path).toEqual(['start', 'score', 'manager']);
  });

  it('takes the error edge after the last attempt failed, with the error in the variables', async () => {
    await publish(engine, scored('scored-error', 99, true));
    const started = await submit(engine, engine.as('alice'), 'scored-error', { days: 2, amount: 50 });
    const done = await eventually(() => instance(started.id), (i) => i.at[0] === 'manual', { what: 'the error edge' });
    expect(done.vars.error).toEqual({ node: 'score', attempts: 3, message: 'score service unavailable (attempt 3)' });
  });

  it('ends the instance as failed when the node has no error edge', async () => {
    await publish(engine, scored('scored-fail', 99, false));
    const started = await submit(engine, engine.as('alice'), 'scored-fail', { days: 2, amount: 50 });
    const done = await eventually(() => instance(started.id), (i) => i.status !== 'running', { what: 'the instance to end' });
    expect(done.status).toBe('failed');
    expect(done.path).toEqual(['start', 'score']);
  });
});
