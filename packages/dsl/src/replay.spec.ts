import { compile, type InstanceEvent } from './compile';
import type { Definition } from './definition';
import { replay, startInputOf, stateDigest } from './replay';
import { start, step, type Step } from './run';
import { initiator, instance, twoStepApproval } from './testing/definitions';

/** Leave: more than 3 days goes to HR after the manager, otherwise straight to the end. */
function conditionalLeave(): Definition {
  const def = twoStepApproval();
  def.nodes.push({ id: 'long', type: 'branch' });
  def.edges = [
    { from: 'start', to: 'manager' },
    { from: 'manager', to: 'long', on: 'approved' },
    { from: 'manager', to: 'rejected', on: 'rejected' },
    { from: 'long', to: 'hr', condition: { '>': [{ var: 'form.days' }, 3] } },
    { from: 'long', to: 'approved' },
    { from: 'hr', to: 'approved', on: 'approved' },
    { from: 'hr', to: 'rejected', on: 'rejected' },
  ];
  return def;
}

const decide = (node: string, by: string, outcome: 'approved' | 'rejected' = 'approved'): InstanceEvent => ({ type: 'decide', node, visit: 1, by, outcome });
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What the engine stores: each step's snapshot, after a JSON round trip. */
function stored(def: Definition, form: Record<string, unknown>, events: InstanceEvent[]): Step[] {
  const machine = compile(def);
  const steps = [start(machine, { form, initiator, instance })];
  for (const event of events) {
    const next = step(machine, roundTrip(steps.at(-1)!.snapshot), event);
    if (!next.accepted) throw new Error(`refused ${event.type}`);
    steps.push(next);
  }
  return steps;
}

describe('replay', () => {
  const def = conditionalLeave();
  const events = [decide('manager', 'bob'), decide('hr', 'carol')];
  const form = { days: 5 };

  it('recomputes every step of a stored instance: the same state, digest for digest', () => {
    const recorded = stored(def, form, events);
    const last = roundTrip(recorded.at(-1)!.snapshot);
    const result = replay(compile(def), def, startInputOf(last, form), events);
    expect(result.steps.map((s) => s.digest)).toEqual(recorded.map((s) => stateDigest(s.snapshot)));
    expect(result.steps.map((s) => s.at)).toEqual([['manager'], ['hr'], []]);
    expect(result.snapshot).toEqual(last);
  });

  it('says who held tasks, which rule sent the request where, and where the decision stood', () => {
    const [, second] = replay(compile(def), def, { form, initiator, instance }, events).steps;
    expect(second!.entered).toEqual(['long', 'hr']);
    expect(second!.rules).toEqual([
      { from: 'long', to: 'hr', edge: 3, rule: { '>': [{ var: 'form.days' }, 3] }, result: true, taken: true },
      { from: 'long', to: 'approved', edge: 4, rule: null, result: true, taken: false },
    ]);
    expect(second!.holders).toEqual([{ node: 'hr', visit: 1, assignees: ['carol'], open: ['carol'] }]);
    expect(second!.tallies.manager).toMatchObject({ approvedBy: ['bob'], outcome: 'approved' });
  });

  it('takes the other edge for a short leave, and the rule says false', () => {
    const [, second] = replay(compile(def), def, { form: { days: 2 }, initiator, instance }, [decide('manager', 'bob')]).steps;
    expect(second!.status).toBe('completed');
    expect(second!.rules.map((r) => [r.to, r.result, r.taken])).toEqual([['hr', false, false], ['approved', true, true]]);
  });

  it('lists the automatic decisions with their reason codes', () => {
    const noManager = twoStepApproval();
    noManager.nodes[1] = { id: 'manager', type: 'approval', config: { assignees: [{ type: 'manager', level: 1 }], whenNobody: 'approve' } };
    const [first] = replay(compile(noManager), noManager, { form, initiator, instance }, []).steps;
    expect(first!.automatic.map((a) => a.reason?.code)).toEqual(['missingManager', 'nobodyResolved']);
    expect(first!.at).toEqual(['hr']);
  });

  it('marks an event the machine refuses, and keeps the state before it', () => {
    const result = replay(compile(def), def, { form, initiator, instance }, [decide('manager', 'mallory')]);
    expect(result.steps[1]).toMatchObject({ accepted: false, at: ['manager'], digest: result.steps[0]!.digest });
  });

  it('gives the same digest whatever order the keys are in, and another for another state', () => {
    expect(stateDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(stateDigest({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(stateDigest({ a: 1 })).not.toBe(stateDigest({ a: 2 }));
    expect(stateDigest({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });
});
