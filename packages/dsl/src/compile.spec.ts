import { compile, InvalidDefinition, type InstanceEvent } from './compile';
import type { Definition } from './definition';
import { start, step, type PersistedSnapshot } from './run';
import { validate } from './validate';
import { initiator, instance, twoStepApproval } from './testing/definitions';

const input = (form: Record<string, unknown> = { days: 2 }) => ({ form, initiator, instance });

/** Applies events in turn and fails loudly on one the machine refuses. */
function walk(def: Definition, form: Record<string, unknown>, events: InstanceEvent[]) {
  const machine = compile(def);
  let current = start(machine, input(form));
  for (const event of events) {
    const next = step(machine, roundTrip(current.snapshot), event);
    if (!next.accepted) throw new Error(`refused ${JSON.stringify(event)} at ${current.at.join(',')}`);
    current = next;
  }
  return current;
}

const roundTrip = (s: PersistedSnapshot): PersistedSnapshot => JSON.parse(JSON.stringify(s));
const decide = (node: string, by: string, outcome: 'approved' | 'rejected' = 'approved', visit = 1): InstanceEvent =>
  ({ type: 'decide', node, visit, by, outcome });

describe('compile + the pure transition functions', () => {
  it('walks a two-step approval to completion, emitting each effect', () => {
    const machine = compile(twoStepApproval());
    const first = start(machine, input());
    expect(first.at).toEqual(['manager']);
    expect(first.effects).toEqual([{ type: 'createTasks', node: 'manager', visit: 1, assignees: ['bob'], mode: 'any', title: 'Leave: 2 days' }]);

    const second = step(machine, roundTrip(first.snapshot), decide('manager', 'bob'));
    expect(second.accepted && second.at).toEqual(['hr']);
    expect(second.accepted && second.effects).toEqual([
      { type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'approved', by: 'bob' }], by: 'bob' },
      { type: 'createTasks', node: 'hr', visit: 1, assignees: ['carol'], mode: 'any', title: 'Leave request' },
    ]);

    const done = second.accepted ? step(machine, roundTrip(second.snapshot), decide('hr', 'carol')) : second;
    expect(done.accepted && done.status).toBe('completed');
    expect(done.accepted && done.context.path).toEqual(['start', 'manager', 'hr', 'approved']);
  });

  it('gives the same steps from a machine that has stepped many instances, in any order, as from a freshly compiled one', () => {
    const used = compile(twoStepApproval());
    const a = start(used, input({ days: 2 }));
    const b = start(used, input({ days: 9 }));
    // interleaved, and with refusals between them: a step's effects are its own
    expect(step(used, roundTrip(a.snapshot), decide('manager', 'mallory')).accepted).toBe(false);
    const b2 = step(used, roundTrip(b.snapshot), decide('manager', 'bob', 'rejected'));
    const a2 = step(used, roundTrip(a.snapshot), decide('manager', 'bob'));
    const a3 = a2.accepted ? step(used, roundTrip(a2.snapshot), decide('hr', 'carol')) : a2;
    const fresh = () => compile(twoStepApproval());
    expect(b2).toEqual(step(fresh(), roundTrip(start(fresh(), input({ days: 9 })).snapshot), decide('manager', 'bob', 'rejected')));
    expect(a2).toEqual(step(fresh(), roundTrip(start(fresh(), input({ days: 2 })).snapshot), decide('manager', 'bob')));
    expect(a3.accepted && a3.effects).toEqual([{ type: 'closeTasks', node: 'hr', visit: 1, statuses: [{ assignee: 'carol', status: 'approved', by: 'carol' }], by: 'carol' }]);
    expect(a3.accepted && a3.status).toBe('completed');
  });

  it('ends as rejected when the first approver rejects', () => {
    const result = walk(twoStepApproval(), { days: 2 }, [decide('manager', 'bob', 'rejected')]);
    expect(result.status).toBe('rejected');
    expect(result.effects).toContainEqual({ type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'rejected', by: 'bob' }], by: 'bob' });
  });

  it('ends as rejected without a rejected edge (implicit end)', () => {
    const def = twoStepApproval();
    def.edges = def.edges.filter((e) => e.on !== 'rejected');
    def.nodes = def.nodes.filter((n) => n.id !== 'rejected');
    expect(walk(def, { days: 1 }, [decide('manager', 'bob', 'rejected')]).status).toBe('rejected');
  });

  it('refuses a decision by someone who is not an assignee, a second decision and a stale visit', () => {
    const machine = compile(twoStepApproval());
    const first = start(machine, input());
    expect(step(machine, first.snapshot, decide('manager', 'mallory')).accepted).toBe(false);
    expect(step(machine, first.snapshot, decide('manager', 'bob', 'approved', 2)).accepted).toBe(false);
    const second = step(machine, first.snapshot, decide('manager', 'bob'));
    expect(second.accepted && step(machine, second.snapshot, decide('manager', 'bob')).accepted).toBe(false);
  });

  it('needs everyone under mode "all", and refuses a second vote of the same person', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }, { type: 'user', value: 'dan' }], mode: 'all' };
    const machine = compile(def);
    const first = start(machine, input());
    const bob = step(machine, first.snapshot, decide('manager', 'bob'));
    expect(bob.accepted && bob.at).toEqual(['manager']);
    expect(bob.accepted && step(machine, bob.snapshot, decide('manager', 'bob')).accepted).toBe(false);
    const dan = bob.accepted ? step(machine, bob.snapshot, decide('manager', 'dan')) : bob;
    expect(dan.accepted && dan.at).toEqual(['hr']);
  });

  it('asks one approver after another in sequential mode', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }, { type: 'user', value: 'dan' }], mode: 'sequential' };
    const machine = compile(def);
    const first = start(machine, input());
    expect(first.effects[0]).toMatchObject({ type: 'createTasks', assignees: ['bob'] });
    expect(step(machine, first.snapshot, decide('manager', 'dan')).accepted).toBe(false);
    const bob = step(machine, first.snapshot, decide('manager', 'bob'));
    if (!bob.accepted) throw new Error('refused');
    expect(bob.effects).toEqual([
      { type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'approved' }], by: 'bob' },
      expect.objectContaining({ type: 'createTasks', assignees: ['dan'] }),
    ]);
    const dan = step(machine, bob.snapshot, decide('manager', 'dan'));
    expect(dan.accepted && dan.at).toEqual(['hr']);
  });

  it('adds a signer before oneself: the signer decides first, then the approver', () => {
    const machine = compile(twoStepApproval());
    const first = start(machine, input());
    const added = step(machine, first.snapshot, { type: 'addSigner', node: 'manager', visit: 1, by: 'bob', who: 'lee', position: 'before' });
    if (!added.accepted) throw new Error('refused');
    expect(added.effects).toEqual([
      { type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'waiting' }], by: 'bob' },
      expect.objectContaining({ type: 'createTasks', assignees: ['lee'] }),
    ]);
    expect(step(machine, added.snapshot, decide('manager', 'bob')).accepted).toBe(false);
    const lee = step(machine, added.snapshot, decide('manager', 'lee'));
    if (!lee.accepted) throw new Error('refused');
    expect(lee.at).toEqual(['manager']);
    expect(lee.effects).toContainEqual(expect.objectContaining({ type: 'createTasks', assignees: ['bob'] }));
    const bob = step(machine, lee.snapshot, decide('manager', 'bob'));
    expect(bob.accepted && bob.at).toEqual(['hr']);
  });

  it('adds a signer after oneself: the approval counts now, the signer must approve too', () => {
    const machine = compile(twoStepApproval());
    const added = step(machine, start(machine, input()).snapshot, { type: 'addSigner', node: 'manager', visit: 1, by: 'bob', who: 'lee', position: 'after' });
    if (!added.accepted) throw new Error('refused');
    expect(added.at).toEqual(['manager']);
    expect(added.effects).toContainEqual({ type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'approved' }], by: 'bob' });
    const rejected = step(machine, added.snapshot, decide('manager', 'lee', 'rejected'));
    expect(rejected.accepted && rejected.status).toBe('rejected');
    const approved = step(machine, added.snapshot, decide('manager', 'lee'));
    expect(approved.accepted && approved.at).toEqual(['hr']);
    expect(step(machine, added.snapshot, { type: 'addSigner', node: 'manager', visit: 1, by: 'lee', who: 'bob', position: 'after' }).accepted).toBe(false);
  });

  it('decides a vote by its pass ratio, and rejects once the ratio can no longer be reached', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: ['a', 'b', 'c'].map((value) => ({ type: 'user', value })), mode: 'vote', passRatio: 0.6 };
    expect(walk(def, { days: 1 }, [decide('manager', 'a'), decide('manager', 'b')]).at).toEqual(['hr']);
    expect(walk(def, { days: 1 }, [decide('manager', 'a'), decide('manager', 'b', 'rejected')]).at).toEqual(['manager']);
    expect(walk(def, { days: 1 }, [decide('manager', 'a', 'rejected'), decide('manager', 'b', 'rejected')]).status).toBe('rejected');
  });

  it('counts an earlier approval by the same person when the node says so', () => {
    const def = twoStepApproval();
    def.nodes[2]!.config = { assignees: [{ type: 'user', value: 'bob' }], skipApproved: 'adjacent' };
    const result = walk(def, { days: 1 }, [decide('manager', 'bob')]);
    expect(result.status).toBe('completed');
    expect(result.context.notes).toEqual([{ node: 'hr', visit: 1, note: 'bob approved automatically (approved before)', reason: { code: 'approvedBefore', params: { who: 'bob' } } }]);
    def.nodes[2]!.config = { assignees: [{ type: 'user', value: 'bob' }], skipApproved: 'never' };
    expect(walk(def, { days: 1 }, [decide('manager', 'bob')]).at).toEqual(['hr']);
  });

  it('approves for the initiator when the node says so', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'initiator' }], whenInitiator: 'approve' };
    expect(start(compile(def), input()).at).toEqual(['hr']);
  });

  it('hands a node nobody resolves for to the named admin, and records why', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'manager', level: 3 }], whenNobody: 'admin', admin: 'ops-admin' };
    const first = start(compile(def), { ...input(), directory: { managers: ['m1'], departments: [], heads: {}, roles: {} } });
    expect(first.effects[0]).toMatchObject({ type: 'createTasks', assignees: ['ops-admin'] });
    expect(first.context.notes.map((n) => n.note)).toEqual(['the initiator has no level-3 manager', 'no approver resolved; handed to ops-admin']);
  });

  it('schedules named deadline timers on entry and cancels them when the node is left', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [{ type: 'user', value: 'bob' }], deadlines: { remindAfter: 'PT4H', escalateAfter: 'P1D', decideAfter: 'P3D', decision: 'approve' } };
    const machine = compile(def);
    const first = start(machine, input());
    expect(first.effects.filter((e) => e.type === 'scheduleTimer')).toEqual([
      { type: 'scheduleTimer', node: 'manager', token: 1, delayMs: 4 * 3600_000, name: 'remind' },
      { type: 'scheduleTimer', node: 'manager', token: 1, delayMs: 86_400_000, name: 'escalate' },
      { type: 'scheduleTimer', node: 'manager', token: 1, delayMs: 3 * 86_400_000, name: 'decide' },
    ]);
    const reminded = step(machine, first.snapshot, { type: 'timer', node: 'manager', token: 1, name: 'remind' });
    expect(reminded.accepted && reminded.effects).toEqual([{ type: 'remind', node: 'manager', visit: 1, to: ['bob'] }]);
    const escalated = step(machine, first.snapshot, { type: 'timer', node: 'manager', token: 1, name: 'escalate' });
    expect(escalated.accepted && escalated.effects).toEqual([{ type: 'escalate', node: 'manager', visit: 1, from: ['bob'] }]);
    const decided = step(machine, first.snapshot, { type: 'timer', node: 'manager', token: 1, name: 'decide' });
    expect(decided.accepted && decided.at).toEqual(['hr']);
    expect(decided.accepted && decided.effects.filter((e) => e.type === 'cancelTimer').map((e) => (e as { name: string }).name)).toEqual(['remind', 'escalate', 'decide']);
    expect(decided.accepted && decided.context.notes.map((n) => n.note)).toEqual(['no decision in time; approved automatically']);
    expect(step(machine, first.snapshot, { type: 'timer', node: 'manager', token: 1 }).accepted).toBe(false);
  });

  it('copies people at a cc node and on finish; they become readers, with nothing to decide', () => {
    const def = twoStepApproval({ settings: { copyOnFinish: [{ type: 'initiator' }, { type: 'user', value: 'audit' }] } });
    def.nodes.push({ id: 'tell', type: 'cc', config: { people: [{ type: 'user', value: 'dan' }, { type: 'manager', level: 1 }] } });
    def.edges[1] = { from: 'manager', to: 'tell', on: 'approved' };
    def.edges.push({ from: 'tell', to: 'hr' });
    const machine = compile(def);
    const atManager = start(machine, { ...input(), directory: { managers: ['bob'], departments: [], heads: {}, roles: {} } });
    const copied = step(machine, atManager.snapshot, decide('manager', 'bob'));
    if (!copied.accepted) throw new Error('refused');
    expect(copied.at).toEqual(['hr']);
    expect(copied.effects).toContainEqual({ type: 'copy', node: 'tell', to: ['dan', 'bob'] });
    const done = step(machine, copied.snapshot, decide('hr', 'carol'));
    expect(done.accepted && done.effects).toContainEqual({ type: 'copy', node: 'approved', to: ['alice', 'audit'] });
    expect(done.accepted && done.context.copiedTo).toEqual(['dan', 'bob', 'alice', 'audit']);
  });

  /** start → split → (legal | finance) → meet → done */
  function parallelApproval(mode: 'all' | 'any') {
    const def = twoStepApproval({ id: 'parallel' });
    def.nodes = [
      { id: 'start', type: 'start' },
      { id: 'split', type: 'parallel' },
      { id: 'legal', type: 'approval', config: { assignees: [{ type: 'user', value: 'lee' }] } },
      { id: 'finance', type: 'approval', config: { assignees: [{ type: 'user', value: 'fay' }] } },
      { id: 'meet', type: 'join', config: { mode } },
      { id: 'done', type: 'end' },
    ];
    def.edges = [
      { from: 'start', to: 'split' },
      { from: 'split', to: 'legal' },
      { from: 'split', to: 'finance' },
      { from: 'legal', to: 'meet', on: 'approved' },
      { from: 'finance', to: 'meet', on: 'approved' },
      { from: 'meet', to: 'done' },
    ];
    return def;
  }

  it('runs parallel branches and joins when all have arrived', () => {
    const def = parallelApproval('all');
    expect(validate(def)).toEqual([]);
    const machine = compile(def);
    const first = start(machine, input());
    expect(first.at).toEqual(['legal', 'finance']);
    expect(first.effects.filter((e) => e.type === 'createTasks').map((e) => (e as { node: string }).node)).toEqual(['legal', 'finance']);
    const legal = step(machine, roundTrip(first.snapshot), decide('legal', 'lee'));
    expect(legal.accepted && legal.at).toEqual(['finance']);
    const both = legal.accepted ? step(machine, roundTrip(legal.snapshot), decide('finance', 'fay')) : legal;
    expect(both.accepted && both.status).toBe('completed');
    expect(both.accepted && both.context.path).toEqual(['start', 'split', 'legal', 'finance', 'meet', 'done']);
  });

  it('joins on the first branch under "any", cancelling the others', () => {
    const machine = compile(parallelApproval('any'));
    const first = start(machine, input());
    const legal = step(machine, first.snapshot, decide('legal', 'lee'));
    expect(legal.accepted && legal.status).toBe('completed');
    expect(legal.accepted && legal.effects).toContainEqual({ type: 'closeTasks', node: 'finance', visit: 1, statuses: [{ assignee: 'fay', status: 'cancelled' }], by: null });
  });

  it('ends the request when one branch rejects', () => {
    const machine = compile(parallelApproval('all'));
    const rejected = step(machine, start(machine, input()).snapshot, decide('finance', 'fay', 'rejected'));
    expect(rejected.accepted && rejected.status).toBe('rejected');
    expect(rejected.accepted && rejected.effects).toContainEqual({ type: 'closeTasks', node: 'legal', visit: 1, statuses: [{ assignee: 'lee', status: 'cancelled' }], by: null });
  });

  it('reports parallel branches that never meet, or meet at two joins', () => {
    const none = parallelApproval('all');
    none.nodes = none.nodes.filter((n) => n.id !== 'meet');
    none.edges = none.edges.filter((e) => e.from !== 'meet' && e.to !== 'meet');
    none.edges.push({ from: 'legal', to: 'done', on: 'approved' }, { from: 'finance', to: 'done', on: 'approved' });
    expect(validate(none)).toEqual([{ pointer: '/nodes/1', message: 'its branches never meet at a join node' }]);
    const two = parallelApproval('all');
    two.nodes.push({ id: 'meet2', type: 'join' });
    two.edges[4] = { from: 'finance', to: 'meet2', on: 'approved' };
    two.edges.push({ from: 'meet2', to: 'done' });
    expect(validate(two)).toEqual([{ pointer: '/nodes/1', message: 'its branches meet at more than one join (meet, meet2)' }]);
  });

  it('takes the first branch whose condition holds, else the default edge', () => {
    const def = twoStepApproval();
    def.nodes.push({ id: 'split', type: 'branch' });
    def.edges[0] = { from: 'start', to: 'split' };
    def.edges.push({ from: 'split', to: 'hr', condition: { '<': [{ var: 'form.days' }, 1] } }, { from: 'split', to: 'manager' });
    expect(walk(def, { days: 0.5 }, []).at).toEqual(['hr']);
    expect(walk(def, { days: 3 }, []).at).toEqual(['manager']);
  });

  it('resolves approvers from a people field and the initiator, without duplicates', () => {
    const def = twoStepApproval();
    def.form.fields.push({ key: 'approvers', label: 'Approvers', type: 'people', multiple: true });
    def.nodes[1]!.config = { assignees: [{ type: 'field', value: 'approvers' }, { type: 'initiator' }, { type: 'user', value: 'zoe' }] };
    const first = start(compile(def), input({ days: 1, approvers: ['zoe', 'alice', 'yan'] }));
    expect(first.effects[0]).toMatchObject({ type: 'createTasks', assignees: ['zoe', 'alice', 'yan'] });
  });

  it('applies the "when nobody" policy when no approver resolves', () => {
    const def = twoStepApproval();
    def.form.fields.push({ key: 'approver', label: 'Approver', type: 'people' });
    def.nodes[1]!.config = { assignees: [{ type: 'field', value: 'approver' }], whenNobody: 'approve' };
    expect(start(compile(def), input({ days: 1 })).at).toEqual(['hr']);
  });

  it('schedules a timer on a delay, ignores a stale token and cancels the timer when left', () => {
    const def = twoStepApproval();
    def.nodes.push({ id: 'cool', type: 'delay', config: { duration: 'PT2S' } });
    def.edges[1] = { from: 'manager', to: 'cool', on: 'approved' };
    def.edges.push({ from: 'cool', to: 'hr' });
    const machine = compile(def);
    const atDelay = step(machine, start(machine, input()).snapshot, decide('manager', 'bob'));
    if (!atDelay.accepted) throw new Error('refused');
    expect(atDelay.effects).toContainEqual({ type: 'scheduleTimer', node: 'cool', token: 1, delayMs: 2000 });
    expect(step(machine, atDelay.snapshot, { type: 'timer', node: 'cool', token: 7 }).accepted).toBe(false);
    const fired = step(machine, atDelay.snapshot, { type: 'timer', node: 'cool', token: 1 });
    expect(fired.accepted && fired.at).toEqual(['hr']);
    expect(fired.accepted && fired.effects[0]).toEqual({ type: 'cancelTimer', node: 'cool', token: 1 });
    expect(fired.accepted && step(machine, fired.snapshot, { type: 'timer', node: 'cool', token: 1 }).accepted).toBe(false);
  });

  it('runs an action node through its result event and merges its variables', () => {
    const def = twoStepApproval();
    def.nodes.push({ id: 'mark', type: 'set-vars', config: { values: { level: 2 } } });
    def.edges[0] = { from: 'start', to: 'mark' };
    def.edges.push({ from: 'mark', to: 'manager' });
    const machine = compile(def);
    const first = start(machine, input());
    expect(first.effects).toEqual([{ type: 'runNode', node: 'mark', visit: 1, nodeType: 'set-vars', config: { values: { level: 2 } } }]);
    const next = step(machine, first.snapshot, { type: 'node.result', node: 'mark', visit: 1, output: 'next', vars: { level: 2 } });
    expect(next.accepted && next.context.vars).toEqual({ level: 2 });
    expect(next.accepted && next.at).toEqual(['manager']);
  });

  it('ends a failed action node as failed without an error edge, and follows the error edge when there is one', () => {
    const def = twoStepApproval();
    def.nodes.push({ id: 'mark', type: 'set-vars', config: { values: { level: 2 } } });
    def.edges[0] = { from: 'start', to: 'mark' };
    def.edges.push({ from: 'mark', to: 'manager' });
    const failed = step(compile(def), start(compile(def), input()).snapshot, { type: 'node.result', node: 'mark', visit: 1, output: 'error', vars: { error: 'boom' } });
    expect(failed.accepted && failed.status).toBe('failed');

    def.edges.push({ from: 'mark', to: 'hr', on: 'error' });
    const machine = compile(def);
    const handled = step(machine, start(machine, input()).snapshot, { type: 'node.result', node: 'mark', visit: 1, output: 'error', vars: { error: 'boom' } });
    expect(handled.accepted && handled.at).toEqual(['hr']);
    expect(handled.accepted && handled.context.vars).toEqual({ error: 'boom' });
  });

  it('waits for a named outside event, keeps its payload, and leaves by timeout when none came', () => {
    const def = twoStepApproval();
    def.nodes.push({ id: 'paid', type: 'event.wait', config: { event: 'payment.settled', into: 'payment', timeout: 'PT5S' } });
    def.edges[0] = { from: 'start', to: 'paid' };
    def.edges.push({ from: 'paid', to: 'manager', on: 'received' }, { from: 'paid', to: 'hr', on: 'timeout' });
    const machine = compile(def);
    const first = start(machine, input());
    expect(first.effects).toEqual([{ type: 'scheduleTimer', node: 'paid', token: 1, delayMs: 5000 }]);
    expect(step(machine, first.snapshot, { type: 'external', name: 'invoice.sent', payload: {} }).accepted).toBe(false);
    const got = step(machine, roundTrip(first.snapshot), { type: 'external', name: 'payment.settled', payload: { amount: 12 } });
    expect(got.accepted && got.at).toEqual(['manager']);
    expect(got.accepted && got.context.vars).toEqual({ payment: { amount: 12 } });
    expect(got.accepted && got.effects[0]).toEqual({ type: 'cancelTimer', node: 'paid', token: 1 });
    const late = step(machine, first.snapshot, { type: 'timer', node: 'paid', token: 1 });
    expect(late.accepted && late.at).toEqual(['hr']);
  });

  it('transfers a pending task to another person, who can then decide', () => {
    const machine = compile(twoStepApproval());
    const first = start(machine, input());
    const moved = step(machine, first.snapshot, { type: 'transfer', node: 'manager', visit: 1, from: 'bob', to: 'erin', by: 'admin' });
    if (!moved.accepted) throw new Error('refused');
    expect(moved.effects).toEqual([{ type: 'transferTask', node: 'manager', visit: 1, from: 'bob', to: 'erin', title: 'Leave: 2 days' }]);
    expect(moved.context.assignees.manager).toEqual(['erin']);
    expect(step(machine, moved.snapshot, decide('manager', 'bob')).accepted).toBe(false);
    const decided = step(machine, moved.snapshot, decide('manager', 'erin'));
    expect(decided.accepted && decided.at).toEqual(['hr']);
    expect(step(machine, first.snapshot, { type: 'transfer', node: 'manager', visit: 1, from: 'zed', to: 'erin', by: 'admin' }).accepted).toBe(false);
  });

  it('returns to the previous approval node, which asks again', () => {
    const result = walk(twoStepApproval(), { days: 2 }, [decide('manager', 'bob'), { type: 'return', node: 'hr', visit: 1, by: 'carol', to: 'previous' }]);
    expect(result.at).toEqual(['manager']);
    expect(result.context.visits.manager).toBe(2);
    expect(result.effects).toEqual([
      { type: 'closeTasks', node: 'hr', visit: 1, statuses: [{ assignee: 'carol', status: 'returned' }], by: 'carol' },
      expect.objectContaining({ type: 'createTasks', node: 'manager', visit: 2, assignees: ['bob'] }),
    ]);
  });

  it('returns to the initiator, who edits and resubmits to the node that returned it', () => {
    const machine = compile(twoStepApproval());
    const returned = walk(twoStepApproval(), { days: 2 }, [{ type: 'return', node: 'manager', visit: 1, by: 'bob', to: 'initiator', comment: 'dates?' }]);
    expect(returned.status).toBe('returned');
    expect(step(machine, returned.snapshot, { type: 'resubmit', by: 'mallory', form: { days: 1 } }).accepted).toBe(false);
    const resubmitted = step(machine, returned.snapshot, { type: 'resubmit', by: 'alice', form: { days: 1 } });
    expect(resubmitted.accepted && resubmitted.status).toBe('running');
    expect(resubmitted.accepted && resubmitted.context.form).toEqual({ days: 1 });
    expect(resubmitted.accepted && resubmitted.effects).toEqual([expect.objectContaining({ type: 'createTasks', node: 'manager', visit: 2, title: 'Leave: 1 days' })]);
  });

  it('refuses a return to a node that is not earlier, and one by someone not asked', () => {
    const machine = compile(twoStepApproval());
    const first = start(machine, input());
    expect(step(machine, first.snapshot, { type: 'return', node: 'manager', visit: 1, by: 'bob', to: 'hr' }).accepted).toBe(false);
    expect(step(machine, first.snapshot, { type: 'return', node: 'manager', visit: 1, by: 'bob', to: 'previous' }).accepted).toBe(false);
    expect(step(machine, first.snapshot, { type: 'return', node: 'manager', visit: 1, by: 'carol', to: 'initiator' }).accepted).toBe(false);
  });

  it('lets the initiator withdraw only while nobody has decided, unless the definition says otherwise', () => {
    const machine = compile(twoStepApproval());
    const afterBob = walk(twoStepApproval(), { days: 2 }, [decide('manager', 'bob')]);
    expect(step(machine, afterBob.snapshot, { type: 'withdraw', by: 'alice' }).accepted).toBe(false);
    const always = twoStepApproval({ settings: { withdraw: 'always' } });
    expect(walk(always, { days: 2 }, [decide('manager', 'bob'), { type: 'withdraw', by: 'alice' }]).status).toBe('withdrawn');
    const never = twoStepApproval({ settings: { withdraw: 'never' } });
    expect(step(compile(never), start(compile(never), input()).snapshot, { type: 'withdraw', by: 'alice' }).accepted).toBe(false);
  });

  it('withdraws from any running state, closing open tasks', () => {
    const result = walk(twoStepApproval(), { days: 2 }, [{ type: 'withdraw', by: 'alice' }]);
    expect(result.status).toBe('withdrawn');
    expect(result.effects).toEqual([{ type: 'closeTasks', node: 'manager', visit: 1, statuses: [{ assignee: 'bob', status: 'cancelled' }], by: null }]);
  });

  it('escapes HTML in texts and does not reach prototype properties', () => {
    const def = twoStepApproval();
    (def.nodes[1]!.config as { title: string }).title = '{{form.reason}} {{form.constructor.name}}';
    const first = start(compile(def), input({ days: 1, reason: '<b>hi</b>' }));
    expect(first.effects[0]).toMatchObject({ title: '&lt;b&gt;hi&lt;/b&gt; ' });
  });

  it('refuses to compile an invalid definition and lists the problems', () => {
    const def = twoStepApproval();
    def.nodes[1]!.type = 'teleport';
    expect(() => compile(def)).toThrow(InvalidDefinition);
  });
});

describe('a quorum node in the machine', () => {
  it('rejects on entry, saying why, when a group is smaller than its count', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [], mode: 'quorum', quorum: { groups: [{ assignees: [{ type: 'user', value: 'f1' }], count: 2 }] } };
    const first = walk(def, { days: 1 }, []);
    expect(first.status).toBe('rejected');
    expect(first.context.notes.map((n) => n.reason?.code)).toEqual(['quorumUnreachable']);
  });

  it('counts the approval of someone a group member transferred their task to', () => {
    const def = twoStepApproval();
    def.nodes[1]!.config = { assignees: [], mode: 'quorum', quorum: { groups: [{ assignees: [{ type: 'user', value: 'f1' }, { type: 'user', value: 'f2' }], count: 2 }] } };
    const result = walk(def, { days: 1 }, [
      { type: 'transfer', node: 'manager', visit: 1, from: 'f1', to: 'x', by: 'f1' },
      decide('manager', 'x'),
      decide('manager', 'f2'),
    ]);
    expect(result.at).toEqual(['hr']);
  });
});
