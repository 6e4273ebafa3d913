import { FactCounters } from '../../apps/engine/src/analytics/fact.counters';
import { EffectHandlers, type EventRef } from '../../apps/engine/src/effects/effect-handlers.service';
import type { OutboxEntry } from '../../apps/engine/src/instances/instance.schema';
import { startEngine, type TestEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { leaveRequest, publish, submit } from '../support/workflows';

/**
 * Domain events travel through the instance's outbox to the consumers the
 * domains register: at least once, so a failing consumer is retried and a
 * consumer that sees an event twice changes nothing.
 */
describe('effect handlers: one job per event, consumers retried, repeats harmless', () => {
  let engine: TestEngine;
  let handlers: EffectHandlers;
  const failuresLeft = new Map<string, number>();
  const seen: Array<{ event: EventRef; effects: OutboxEntry[] }> = [];
  const armedFor = new Set<string>();

  beforeAll(async () => {
    engine = await startEngine();
    await publish(engine, leaveRequest());
    handlers = engine.app.get(EffectHandlers);
    // a consumer of every kind of effect an event leaves, failing its first calls for an instance
    handlers.on(['createTasks', 'notify', 'publish', 'audit'], 'test-flaky-consumer', async (effects, event) => {
      seen.push({ event, effects });
      const left = failuresLeft.get(event.instanceId) ?? 0;
      if (left > 0) {
        failuresLeft.set(event.instanceId, left - 1);
        throw new Error('the flaky consumer is down');
      }
    });
  });
  afterAll(() => engine.close());

  const countsOf = async (instanceId: string) => ({
    tasks: await engine.db.collection('tasks').countDocuments({ instanceId }),
    notifications: await engine.db.collection('notifications').countDocuments({ instanceId }),
    audit: await engine.db.collection('audit').countDocuments({ recordId: instanceId }),
    facts: await engine.db.collection('analytics_facts').countDocuments({ instanceId }),
    counted: await engine.db.collection('analytics_facts').countDocuments({ instanceId, counted: true }),
  });
  const countersOf = () => engine.db.collection('analytics_counters').find({ tenantId: 'acme' }).sort({ _id: 1 }).toArray();

  it('names who consumes each effect type, the domains that own them', () => {
    expect(handlers.consumersOf('createTasks')).toContain('tasks');
    expect(handlers.consumersOf('notify')).toContain('notifications');
    expect(handlers.consumersOf('audit')).toContain('audit');
    expect(handlers.consumersOf('publish')).toEqual(expect.arrayContaining(['webhooks', 'analytics', 'sop-cadences']));
  });

  it('retries the whole event when a consumer fails: it gets the same effects again until it succeeds, and the others write once', async () => {
    const instance = await submitArmed(2);
    const calls = seen.filter((s) => s.event.instanceId === instance.id);
    expect(calls).toHaveLength(3);
    // one event: every delivery carried the same effects, all of the event's types in one batch
    expect(new Set(calls.map((c) => c.effects.map((e) => e.id).join(',')))).toEqual(new Set([calls[0]!.effects.map((e) => e.id).join(',')]));
    expect(new Set(calls[0]!.effects.map((e) => e.type))).toEqual(new Set(['createTasks', 'notify', 'publish', 'audit']));
    expect(await eventually(() => countsOf(instance.id), (c) => c.counted === 1 && c.audit === 1, { what: 'the fact counted and the audit line written' }))
      .toEqual({ tasks: 1, notifications: 1, audit: 1, facts: 1, counted: 1 });
  });

  it('the same event performed again (a redelivery) changes nothing', async () => {
    const instance = await submit(engine, engine.as('alice'), 'leave', { days: 3 });
    const delivered = await eventually(async () => seen.find((s) => s.event.instanceId === instance.id), Boolean, { what: 'the event delivered' });
    const before = await eventually(() => countsOf(instance.id), (c) => c.tasks === 1 && c.audit === 1 && c.counted === 1, { what: 'effects performed and counted' });
    // the counting batch ends by settling the fact in its counter (after marking it counted): let it finish
    await engine.app.get(FactCounters).settled();
    const counters = await countersOf();
    // every consumer gets the event's effects again, as a redelivered job would give them
    const stored = (await engine.db.collection('instances').findOne({ _id: instance.id as never }))!;
    expect(stored.rev).toBe(1);
    await handlers.perform(delivered!.event, delivered!.effects);
    await handlers.perform(delivered!.event, delivered!.effects);
    expect(await countsOf(instance.id)).toEqual(before);
    expect(await countersOf()).toEqual(counters);
    const task = (await engine.db.collection('tasks').findOne({ instanceId: instance.id }))!;
    expect(task).toMatchObject({ status: 'pending', rev: 1 });
  });

  /** Submits with the consumer armed to fail `times` times for the new instance's first delivery. */
  async function submitArmed(times: number) {
    // the instance id is made by the engine: arm every id the consumer has not seen yet
    const original = handlers.perform.bind(handlers);
    const spy = jest.spyOn(handlers, 'perform').mockImplementation(async (event, effects) => {
      if (!failuresLeft.has(event.instanceId)) failuresLeft.set(event.instanceId, times);
      armedFor.add(event.instanceId);
      return original(event, effects);
    });
    try {
      const instance = await submit(engine, engine.as('alice'), 'leave', { days: 4 });
      await eventually(async () => seen.filter((s) => s.event.instanceId === instance.id).length, (n) => n > times, { what: 'the armed failures used up and a delivery that succeeds', timeoutMs: 30_000 });
      expect(armedFor.has(instance.id)).toBe(true);
      expect(failuresLeft.get(instance.id)).toBe(0);
      return instance;
    } finally {
      spy.mockRestore();
    }
  }
});
