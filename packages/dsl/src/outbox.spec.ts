import { compile, type InstanceEvent } from './compile';
import type { Definition } from './definition';
import { annotationOutbox, deriveOutbox, peopleNamedBy, type Before, type Happening, type OutboxActor, type OutboxEntry } from './outbox';
import { start, step, type Step } from './run';
import { initiator, instance, twoStepApproval } from './testing/definitions';

const facts = { id: 'i-1', definitionId: 'leave', version: 3, serial: 'LV-0007', initiator: 'alice' };
const person = (id: string): OutboxActor => ({ id, kind: 'user', ip: '10.0.0.1' });

/** Walks events and returns the outbox of the last one, with the state before it. */
function outboxAfter(def: Definition, events: Array<{ event: InstanceEvent; actor: OutboxActor }>): OutboxEntry[] {
  const machine = compile(def);
  let current: Step = start(machine, { form: { days: 2 }, initiator, instance });
  let outbox = deriveOutbox(facts, 1, { type: 'submitted' }, person('alice'), { status: null, at: [], path: [] }, current);
  events.forEach(({ event, actor }, index) => {
    const before: Before = { status: current.status, at: current.at, path: current.context.path };
    const next = step(machine, JSON.parse(JSON.stringify(current.snapshot)), event);
    if (!next.accepted) throw new Error(`refused ${JSON.stringify(event)}`);
    outbox = deriveOutbox(facts, index + 2, event as Happening, actor, before, next);
    current = next;
  });
  return outbox;
}

const ofType = <T extends OutboxEntry['type']>(outbox: OutboxEntry[], type: T) =>
  outbox.filter((e): e is Extract<OutboxEntry, { type: T }> => e.type === type);
const notified = (outbox: OutboxEntry[]) => ofType(outbox, 'notify').map((n) => `${n.kind}:${n.to.join('+')}`);
const published = (outbox: OutboxEntry[]) => ofType(outbox, 'publish').map((p) => p.event);
const decide = (node: string, by: string, outcome: 'approved' | 'rejected' = 'approved'): { event: InstanceEvent; actor: OutboxActor } =>
  ({ event: { type: 'decide', node, visit: 1, by, outcome, comment: outcome === 'rejected' ? 'not now' : undefined }, actor: person(by) });

describe('deriveOutbox: who is told, what is published and audited', () => {
  it('a submit opens the first task, tells its holder, publishes the start and audits the submit', () => {
    const outbox = outboxAfter(twoStepApproval(), []);
    expect(ofType(outbox, 'createTasks')).toHaveLength(1);
    expect(notified(outbox)).toEqual(['assigned:bob']);
    expect(published(outbox)).toEqual(['instance.started', 'instance.entered', 'instance.entered', 'task.created']);
    expect(ofType(outbox, 'publish')[3]!.data).toEqual({ instanceId: 'i-1', definitionId: 'leave', version: 3, serial: 'LV-0007', taskId: 'i-1.manager.1.bob', node: 'manager', assignee: 'bob', title: 'Leave: 2 days' });
    expect(ofType(outbox, 'audit')).toEqual([expect.objectContaining({ action: 'instance.submitted', actor: 'alice', actorKind: 'user', ip: '10.0.0.1', from: { at: [] }, to: { at: ['manager'], status: 'running' } })]);
  });

  it('an approval that opens the next node tells the next approver and the initiator, closes one task and opens one', () => {
    const outbox = outboxAfter(twoStepApproval(), [decide('manager', 'bob')]);
    expect(notified(outbox)).toEqual(['assigned:carol', 'approved:alice']);
    expect(published(outbox)).toEqual(['instance.entered', 'task.closed', 'task.created']);
    expect(ofType(outbox, 'publish').find((p) => p.event === 'task.closed')!.data).toMatchObject({ taskId: 'i-1.manager.1.bob', status: 'approved', by: 'bob' });
    expect(ofType(outbox, 'audit')[0]).toMatchObject({ action: 'instance.decide', from: { at: ['manager'] }, to: { at: ['hr'], status: 'running' } });
  });

  it('the last approval completes: the initiator hears "completed", not "approved", and subscribers hear instance.completed', () => {
    const outbox = outboxAfter(twoStepApproval(), [decide('manager', 'bob'), decide('hr', 'carol')]);
    expect(notified(outbox)).toEqual(['completed:alice']);
    expect(published(outbox)).toEqual(['instance.completed', 'instance.entered', 'task.closed']);
  });

  it('a rejection tells the initiator with the comment and publishes instance.rejected', () => {
    const outbox = outboxAfter(twoStepApproval(), [decide('manager', 'bob', 'rejected')]);
    expect(ofType(outbox, 'notify')).toEqual([expect.objectContaining({ kind: 'rejected', to: ['alice'], actor: 'bob', comment: 'not now', node: 'manager' })]);
    expect(published(outbox)).toContain('instance.rejected');
  });

  it('an initiator approving their own step is not told they approved', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'alice' }] };
    expect(notified(outboxAfter(def, [decide('manager', 'alice')]))).toEqual(['assigned:carol']);
  });

  it('a return to the initiator tells them and publishes instance.returned; the resubmit publishes instance.resubmitted', () => {
    const back = { event: { type: 'return', node: 'manager', visit: 1, by: 'bob', to: 'initiator', comment: 'dates?' } as InstanceEvent, actor: person('bob') };
    const returned = outboxAfter(twoStepApproval(), [back]);
    expect(ofType(returned, 'notify')).toEqual([expect.objectContaining({ kind: 'returned', to: ['alice'], comment: 'dates?' })]);
    expect(published(returned)).toContain('instance.returned');
    const resubmitted = outboxAfter(twoStepApproval(), [back, { event: { type: 'resubmit', by: 'alice', form: { days: 1 } }, actor: person('alice') }]);
    expect(published(resubmitted)).toEqual(expect.arrayContaining(['instance.resubmitted', 'task.created']));
    expect(notified(resubmitted)).toEqual(['assigned:bob']);
  });

  it('a withdrawal tells the holders of the cancelled tasks, not the initiator', () => {
    const outbox = outboxAfter(twoStepApproval(), [{ event: { type: 'withdraw', by: 'alice' }, actor: person('alice') }]);
    expect(notified(outbox)).toEqual(['withdrawn:bob']);
    expect(published(outbox)).toEqual(expect.arrayContaining(['instance.withdrawn', 'task.closed']));
  });

  it('a transfer tells the new holder and publishes the old task closed and the new one created', () => {
    const outbox = outboxAfter(twoStepApproval(), [{ event: { type: 'transfer', node: 'manager', visit: 1, from: 'bob', to: 'erin', by: 'admin' }, actor: person('admin') }]);
    expect(notified(outbox)).toEqual(['assigned:erin']);
    expect(ofType(outbox, 'publish').map((p) => `${p.event}:${p.data.taskId as string}`)).toEqual(['task.closed:i-1.manager.1.bob', 'task.created:i-1.manager.1.erin']);
  });

  it('a reminder timer becomes a notification, not an effect for a worker, and the engine is the audited actor', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'PT4H' } };
    const outbox = outboxAfter(def, [{ event: { type: 'timer', node: 'manager', token: 1, name: 'remind' }, actor: { id: 'system' } }]);
    expect(outbox.some((e) => e.type === 'remind')).toBe(false);
    expect(notified(outbox)).toEqual(['reminder:bob']);
    expect(ofType(outbox, 'audit')[0]).toMatchObject({ actor: 'system', actorKind: 'system', ip: null });
  });

  it('numbers every entry instance.rev.index, the same on every retry, with the audit line last', () => {
    const first = outboxAfter(twoStepApproval(), [decide('manager', 'bob')]);
    const again = outboxAfter(twoStepApproval(), [decide('manager', 'bob')]);
    expect(first).toEqual(again);
    expect(first.map((e) => e.id)).toEqual(first.map((_, i) => `i-1.2.${i}`));
    expect(first.every((e) => e.rev === 2)).toBe(true);
    expect(first.at(-1)!.type).toBe('audit');
  });

  it('an annotation (a comment) carries its notifications and an audit line, and nothing else', () => {
    const outbox = annotationOutbox('i-1', 5, 'comment', person('bob'), { at: ['hr'], status: 'running' },
      [{ type: 'notify', kind: 'mentioned', to: ['carol'], actor: 'bob', comment: '@carol look' }]);
    expect(outbox.map((e) => `${e.id}:${e.type}`)).toEqual(['i-1.5.0:notify', 'i-1.5.1:audit']);
    expect(outbox[1]).toMatchObject({ action: 'instance.comment', from: { at: ['hr'] }, to: { at: ['hr'], status: 'running' } });
  });
});

describe('peopleNamedBy: whom the consumers of an event will look up', () => {
  it('an approval that opens the next node names the approver, the next holder and the initiator told', () => {
    const outbox = outboxAfter(twoStepApproval(), [decide('manager', 'bob')]);
    expect(peopleNamedBy(outbox).sort()).toEqual(['alice', 'bob', 'carol']);
  });

  it('a transfer names the old holder, the new one and who moved it', () => {
    const outbox = outboxAfter(twoStepApproval(), [{ event: { type: 'transfer', node: 'manager', visit: 1, from: 'bob', to: 'erin', by: 'admin' }, actor: person('admin') }]);
    expect(peopleNamedBy(outbox).sort()).toEqual(['admin', 'bob', 'erin']);
  });
});
