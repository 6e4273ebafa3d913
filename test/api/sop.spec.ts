import { ManualClock } from '../../apps/engine/src/clock/clock';
import { DomainEvents } from '../../apps/engine/src/effects/domain-events.service';
import { RemindersService } from '../../apps/engine/src/reminders/reminders.service';
import { VersionsRepository } from '../../apps/engine/src/definitions/versions.repository';
import { DefinitionsService } from '../../apps/engine/src/definitions/definitions.service';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { build } from '../support/org';
import { effectsSettled, publish } from '../support/workflows';
import { authOf, routingDefinition, sopDefinition } from '../support/crm';

const HOUR = 3_600_000;

describe('SOP reminders', () => {
  let engine: TestEngine;
  // the engine's time: steps hours apart run when the test moves it, not in real time
  const clock = new ManualClock();
  /** Moves the engine's clock and fires the cadence steps it passed (once their jobs are queued). */
  const pass = async (ms: number, what: string) => {
    clock.advance(ms);
    await eventually(() => engine.app.get(RemindersService).fireDueSteps(), (fired) => fired > 0, { what: `the ${what} step firing` });
  };
  const admin = () => authOf(engine.as('admin'));
  const addCustomer = (id: string, owner = 'rep') => engine.http.post('/api/v1/customers').set(admin()).send({ id, name: `Customer ${id}`, owner, source: 'web' });
  const runOf = (customerId: string) => eventually(
    () => engine.http.get(`/api/v1/sop/runs?customerId=${customerId}`).set(admin()).then((r) => r.body.items[0] as { id: string } | undefined),
    Boolean, { what: `a run for ${customerId}` }).then((r) => r!);
  const run = (id: string) => engine.http.get(`/api/v1/sop/runs/${id}`).set(admin()).then((r) => r.body);
  const notes = (who: string) => engine.http.get('/api/v1/notifications').set(authOf(engine.as(who))).then((r) => r.body.items as Array<{ title: string; body: string; instanceId: string }>);

  beforeAll(async () => {
    engine = await startEngine({}, clock);
    await build(engine, [{ id: 'sales', name: 'Sales' }], [{ id: 'lead', departments: ['sales'] }, { id: 'rep', departments: ['sales'], managerId: 'lead' }]);
    await publish(engine, sopDefinition('follow-up', {
      trigger: { event: 'customer.added', when: { '==': [{ var: 'customer.source' }, 'web'] } },
      steps: [
        { at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' },
        { at: 'PT1H', action: 'remind', text: 'Still open: call {{customer.name}}' },
        { at: 'PT2H', action: 'escalate', text: '{{customer.owner}} has not called {{customer.name}}' },
      ],
      cancelWhen: { '!=': [{ var: 'customer.repliedAt' }, null] },
      responseTarget: 'PT3H',
    }));
  }, 180_000);
  afterAll(() => engine.close());

  it('runs a cadence: a follow-up task, then a reminder, then an escalation to the manager', async () => {
    expect((await addCustomer('c1')).status).toBe(201);
    const started = await runOf('c1');
    await eventually(() => run(started.id), (r) => Boolean(r.steps[0].doneAt), { what: 'the task step' });
    await pass(HOUR, 'remind');
    await eventually(() => run(started.id), (r) => Boolean(r.steps[1].doneAt), { what: 'the remind step' });
    await pass(HOUR, 'escalate');
    const done = await eventually(() => run(started.id), (r) => r.status === 'completed', { what: 'the cadence completed' });
    expect(done.steps.map((s: { outcome: string }) => s.outcome)).toEqual(['follow-up task for rep', 'reminded rep', 'escalated to lead, manager of rep']);
    const repNotes = (await notes('rep')).filter((n) => n.instanceId === started.id);
    expect(repNotes.map((n) => n.body).sort()).toEqual(['Call Customer c1', 'Still open: call Customer c1']);
    expect((await notes('lead')).filter((n) => n.instanceId === started.id).map((n) => n.body)).toEqual(['rep has not called Customer c1']);
    const tasks = (await engine.http.get('/api/v1/sop/follow-ups?status=open').set(authOf(engine.as('rep')))).body.items;
    expect(tasks).toEqual([expect.objectContaining({ runId: started.id, text: 'Call Customer c1', customerId: 'c1' })]);
    // each step ran when it was due by the engine's clock
    const times = done.steps.map((s: { doneAt: string }) => Date.parse(s.doneAt) - Date.parse(done.startedAt));
    expect(times).toEqual([0, HOUR, 2 * HOUR]);
  });

  it('stops when the cancel condition holds (the customer replied)', async () => {
    await addCustomer('c2');
    const started = await runOf('c2');
    await eventually(() => run(started.id), (r) => Boolean(r.steps[0].doneAt), { what: 'the task step' });
    expect((await engine.http.post('/api/v1/customers/c2/replied').set(admin())).status).toBe(200);
    await pass(HOUR, 'remind');
    const cancelled = await eventually(() => run(started.id), (r) => r.status === 'cancelled', { what: 'the cadence cancelled' });
    expect(cancelled.cancelReason).toBe('cancel condition held before step 1 (remind)');
    expect(cancelled.steps[1].doneAt).toBeNull();
    expect(cancelled.steps[2].doneAt).toBeNull();
    expect((await notes('lead')).filter((n) => n.instanceId === started.id)).toEqual([]);
    expect((await notes('rep')).filter((n) => n.instanceId === started.id)).toHaveLength(1);
  });

  it('skips reminders once the task is done, and measures the first response against its target', async () => {
    await addCustomer('c3');
    const started = await runOf('c3');
    await eventually(() => run(started.id), (r) => Boolean(r.steps[0].doneAt), { what: 'the task step' });
    const task = (await engine.http.get('/api/v1/sop/follow-ups?status=open').set(authOf(engine.as('rep')))).body.items.find((t: { runId: string }) => t.runId === started.id);
    expect((await engine.http.post(`/api/v1/sop/follow-ups/${task.id}/done`).set(authOf(engine.as('bob')))).status).toBe(403);
    clock.advance(HOUR / 2);
    expect((await engine.http.post(`/api/v1/sop/follow-ups/${task.id}/done`).set(authOf(engine.as('rep')))).status).toBe(200);
    await pass(HOUR / 2, 'remind');
    await pass(HOUR, 'escalate');
    const done = await eventually(() => run(started.id), (r) => r.status === 'completed', { what: 'the cadence completed' });
    expect(done.steps.slice(1).map((s: { outcome: string }) => s.outcome)).toEqual(['skipped: the follow-up task is done', 'skipped: the follow-up task is done']);
    expect(done.firstResponse).toMatchObject({ targetMs: 3 * HOUR, met: true, ms: HOUR / 2 });
  });

  it('starts for a customer whose event was recorded but never handed over (a crash after the insert): the sweep sends it', async () => {
    const events = engine.app.get(DomainEvents);
    const lost = jest.spyOn(events, 'dispatch').mockImplementationOnce(async () => undefined);
    expect((await addCustomer('c-crash')).status).toBe(201);
    expect(lost).toHaveBeenCalledTimes(1);
    lost.mockRestore();
    // the sweep sends events left longer than its period by the engine's clock
    clock.advance(60_000);
    expect(await engine.db.collection('domain_events').countDocuments({ type: 'customer.added', 'data.customerIds': 'c-crash', sentAt: null })).toBe(1);
    const started = await runOf('c-crash');
    expect(await run(started.id)).toMatchObject({ customerId: 'c-crash', owner: 'rep', trigger: 'customer.added' });
    // handed over once more changes nothing: one run per trigger and customer
    await events.sweep();
    await events.dispatch('acme', [{ id: 'again', type: 'customer.added', subject: 'c-crash', data: { customerIds: ['c-crash'] } }]);
    await effectsSettled(engine);
    expect((await engine.http.get('/api/v1/sop/runs?customerId=c-crash').set(admin())).body.items).toHaveLength(1);
  });

  it('does not start for customers the trigger does not select', async () => {
    await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'c4', name: 'Fair visitor', owner: 'rep', source: 'fair' });
    await addCustomer('c5');
    await runOf('c5');
    await effectsSettled(engine); // both customers' events performed
    expect((await engine.http.get('/api/v1/sop/runs?customerId=c4').set(admin())).body.items).toEqual([]);
  });

  it('starts on an inquiry opened by routing, for its assignee, and defers steps in quiet hours', async () => {
    // quiet from an hour before the engine's time to an hour after it
    const now = clock.now();
    const hh = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    await publish(engine, routingDefinition('desk', { rules: [{ id: 'all', when: true, target: { type: 'user', value: 'rep' }, strategy: 'round-robin' }], fallback: { type: 'user', value: 'lead' } }));
    await publish(engine, sopDefinition('complaints', {
      trigger: { event: 'inquiry.opened', when: { '==': [{ var: 'item.type' }, 'complaint'] } },
      steps: [{ at: 'PT0S', action: 'task', text: 'Answer complaint {{item.id}}' }],
      quietHours: { timezone: 'UTC', from: hh(new Date(now.getTime() - 3_600_000)), to: hh(new Date(now.getTime() + 3_600_000)) },
    }));
    const decided = await engine.http.post('/api/v1/routing/desk/decisions').set(admin()).send({ item: { type: 'complaint' } });
    expect(decided.status).toBe(201);
    const found = await eventually(
      () => engine.http.get('/api/v1/sop/runs?definitionId=complaints').set(admin()).then((r) => r.body.items[0]),
      (r) => Boolean(r?.steps[0].outcome), { what: 'the deferred step' });
    expect(found).toMatchObject({ owner: 'rep', itemId: decided.body.id, status: 'running', trigger: 'inquiry.opened' });
    expect(found.steps[0].outcome).toMatch(/^deferred: quiet hours \(\d+ s\)$/);
    expect(found.steps[0].doneAt).toBeNull();
    // at the end of the quiet hours the step is taken
    await pass(2 * HOUR, 'deferred');
    const taken = await eventually(() => run(found.id), (r) => Boolean(r.steps[0].doneAt), { what: 'the deferred step taken' });
    expect(taken.steps[0].outcome).toBe('follow-up task for rep');
    expect(Date.parse(taken.steps[0].doneAt)).toBeGreaterThanOrEqual(Date.parse(found.startedAt) + HOUR - 60_000);
    // an inquiry of another type starts nothing
    await engine.http.post('/api/v1/routing/desk/decisions').set(admin()).send({ item: { type: 'question' } });
    await effectsSettled(engine);
    expect((await engine.http.get('/api/v1/sop/runs?definitionId=complaints').set(admin())).body.items).toHaveLength(1);
  });

  it('refuses a cadence with a bad condition or an unknown text variable at publish, naming the field', async () => {
    const def = sopDefinition('bad-sop', {
      trigger: { event: 'customer.added' },
      steps: [{ at: 'PT0S', action: 'task', text: 'Call {{customer.nmae}}' }, { at: 'soon', action: 'remind', text: 'x' }],
      cancelWhen: { method: ['x', 'y'] },
    });
    await engine.http.put('/api/v1/definitions/bad-sop').set(admin()).send(def);
    const res = await engine.http.post('/api/v1/definitions/bad-sop/publish').set(admin()).send({});
    expect(res.status).toBe(422);
    expect(res.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ pointer: '/nodes/1/config/steps/1/at' }),
    ]));
    def.nodes[1]!.config!.steps = [{ at: 'PT0S', action: 'task', text: 'Call {{customer.nmae}}' }];
    await engine.http.put('/api/v1/definitions/bad-sop').set(admin()).send(def);
    const again = await engine.http.post('/api/v1/definitions/bad-sop/publish').set(admin()).send({});
    expect(again.body.problems).toEqual(expect.arrayContaining([
      { pointer: '/nodes/1/config/cancelWhen/method', message: 'operator "method" is not allowed' },
      { pointer: '/nodes/1/config/steps/0/text', message: expect.stringMatching(/^unknown template variable "customer.nmae"/) },
    ]));
  });

  it('publishes whatever a publish listener does: one that throws neither fails the publish nor keeps the next listener from being told', async () => {
    const definitions = engine.app.get(DefinitionsService);
    const told: string[] = [];
    definitions.onPublished((_, definition) => {
      if (definition.id === 'listener-throws') throw new Error('a broken listener');
    });
    definitions.onPublished((_, definition) => told.push(definition.id));
    const published = await publish(engine, sopDefinition('listener-throws', { trigger: { event: 'customer.added', when: { '==': [{ var: 'customer.source' }, 'none'] } }, steps: [{ at: 'PT0S', action: 'task', text: 'x' }] }));
    expect(published.version).toBe(1);
    expect(told).toEqual(['listener-throws']);
  });

  it('starts a cadence published while a trigger was reading the cadences: the read that predates the publish is not kept', async () => {
    const versions = engine.app.get(VersionsRepository);
    const real = versions.ofKind.bind(versions);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const reads = jest.spyOn(versions, 'ofKind').mockImplementation(async (tenantId, kind) => {
      const answer = await real(tenantId, kind);
      if (!held) {
        held = true;
        await gate; // answers what it read before the publish, after it
      }
      return answer;
    });
    try {
      // a publish empties the cadence cache, so the next trigger reads the cadences (and is held there)
      await publish(engine, sopDefinition('race-warm', { trigger: { event: 'customer.added', when: { '==': [{ var: 'customer.source' }, 'none'] } }, steps: [{ at: 'PT0S', action: 'task', text: 'x' }] }));
      expect((await addCustomer('race-0')).status).toBe(201);
      await eventually(async () => held, Boolean, { what: 'a cadence read in flight' });
      await publish(engine, sopDefinition('race', { trigger: { event: 'customer.added', when: { '==': [{ var: 'customer.source' }, 'race'] } }, steps: [{ at: 'PT0S', action: 'task', text: 'Call {{customer.name}}' }] }));
      release();
      expect((await engine.http.post('/api/v1/customers').set(admin()).send({ id: 'race-1', name: 'Race 1', owner: 'rep', source: 'race' })).status).toBe(201);
      const runs = await eventually(
        () => engine.http.get('/api/v1/sop/runs?customerId=race-1').set(admin()).then((r) => r.body.items as Array<{ definitionId: string }>),
        (items) => items.some((r) => r.definitionId === 'race'), { what: 'the new cadence\'s run for race-1' });
      expect(runs.map((r) => r.definitionId)).toEqual(['race']);
    } finally {
      release();
      reads.mockRestore();
    }
  });
});
