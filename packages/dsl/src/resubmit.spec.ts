import { compile, type InstanceEvent } from './compile';
import type { Definition } from './definition';
import { start, step, type PersistedSnapshot } from './run';
import { validate } from './validate';
import { initiator, instance, twoStepApproval } from './testing/definitions';

/** Resubmit policy per node (back to the returner, or the whole path) and the escalation ladder. */
const roundTrip = (s: PersistedSnapshot): PersistedSnapshot => JSON.parse(JSON.stringify(s));
const decide = (node: string, by: string, visit = 1): InstanceEvent => ({ type: 'decide', node, visit, by, outcome: 'approved' });
const backToInitiator = (node: string, by: string, visit = 1): InstanceEvent => ({ type: 'return', node, visit, by, to: 'initiator' });

function withHr(hr: Record<string, unknown>, manager: Record<string, unknown> = {}): Definition {
  const def = twoStepApproval();
  def.nodes[1]!.config = { ...def.nodes[1]!.config, ...manager };
  def.nodes[2]!.config = { ...def.nodes[2]!.config, ...hr };
  return def;
}

function walk(def: Definition, events: InstanceEvent[], form: Record<string, unknown> = { days: 2 }) {
  const machine = compile(def);
  let current = start(machine, { form, initiator, instance });
  for (const event of events) {
    const next = step(machine, roundTrip(current.snapshot), event);
    if (!next.accepted) throw new Error(`refused ${JSON.stringify(event)} at ${current.at.join(',')}`);
    current = next;
  }
  return current;
}

describe('resubmit policy', () => {
  const resubmit = (form: Record<string, unknown>): InstanceEvent => ({ type: 'resubmit', by: 'alice', form });

  it('goes back to the node that returned it by default', () => {
    const after = walk(withHr({}), [decide('manager', 'bob'), backToInitiator('hr', 'carol'), resubmit({ days: 3 })]);
    expect(after.at).toEqual(['hr']);
    expect(after.context.path).toEqual(['start', 'manager', 'hr', 'hr']);
  });

  it('runs the whole path again when the returning node says start, noting why', () => {
    const after = walk(withHr({ resubmit: { to: 'start' } }), [decide('manager', 'bob'), backToInitiator('hr', 'carol'), resubmit({ days: 3 })]);
    expect(after.at).toEqual(['manager']);
    expect(after.context.path).toEqual(['start', 'manager', 'hr', 'start', 'manager']);
    expect(after.context.notes.map((n) => n.note)).toEqual(['resubmitted; the whole path runs again']);
  });

  it('skips a node that passed before when none of the fields its approvers see changed', () => {
    const def = withHr({ resubmit: { to: 'start' } }, { resubmit: { skipUnchanged: true }, fields: { reason: 'hidden' } });
    // only the hidden field changes: manager passes on its own and hr asks again
    const same = walk(def, [decide('manager', 'bob'), backToInitiator('hr', 'carol'), resubmit({ days: 2, reason: 'new words' })]);
    expect(same.at).toEqual(['hr']);
    expect(same.context.notes.map((n) => n.note)).toEqual(['resubmitted; the whole path runs again', 'skipped: the fields days did not change since it approved']);
    // a field it sees changes: manager decides again
    const changed = walk(def, [decide('manager', 'bob'), backToInitiator('hr', 'carol'), resubmit({ days: 4 })]);
    expect(changed.at).toEqual(['manager']);
  });

  it('never skips the node a return goes to', () => {
    const def = withHr({}, { resubmit: { skipUnchanged: true } });
    const after = walk(def, [decide('manager', 'bob'), { type: 'return', node: 'hr', visit: 1, by: 'carol', to: 'previous' }]);
    expect(after.at).toEqual(['manager']);
    expect(after.effects).toContainEqual(expect.objectContaining({ type: 'createTasks', node: 'manager', visit: 2, assignees: ['bob'] }));
  });

  it('validates the policy with pointers', () => {
    const bad = withHr({ resubmit: { to: 'somewhere' } }, { resubmit: { skipUnchanged: true }, fields: { days: 'hidden', reason: 'hidden' } });
    expect(validate(bad).map((p) => p.pointer)).toEqual(expect.arrayContaining(['/nodes/2/config/resubmit/to', '/nodes/1/config/resubmit/skipUnchanged']));
  });
});

describe('timers after a return and a resubmit', () => {
  it('cancels the step\'s timers when it returns and starts them afresh, on the new visit, when it is entered again', () => {
    const def = withHr({}, { deadlines: { decideAfter: 'P1D' } });
    const returned = walk(def, [backToInitiator('manager', 'bob')]);
    expect(returned.effects).toContainEqual({ type: 'cancelTimer', node: 'manager', token: 1, name: 'decide' });
    const again = step(compile(def), roundTrip(returned.snapshot), { type: 'resubmit', by: 'alice', form: { days: 1 } });
    expect(again.accepted && again.effects).toContainEqual({ type: 'scheduleTimer', node: 'manager', token: 2, name: 'decide', delayMs: 86_400_000 });
    // the old visit's timer, should it fire anyway, changes nothing
    expect(again.accepted && step(compile(def), roundTrip(again.snapshot), { type: 'timer', node: 'manager', token: 1, name: 'decide' }).accepted).toBe(false);
  });
});

describe('escalation ladder', () => {
  const ladder = { remindAfter: 'PT1H', escalateAfter: 'PT2H', escalateAgainAfter: 'PT4H', decideAfter: 'PT8H', decision: 'approve' };

  it('reminds, escalates to level 1, then level 2, then decides', () => {
    const def = withHr({}, { deadlines: ladder });
    const first = walk(def, []);
    expect(first.effects.filter((e) => e.type === 'scheduleTimer').map((e) => [e.type === 'scheduleTimer' && e.name, e.type === 'scheduleTimer' && e.delayMs]))
      .toEqual([['remind', 3_600_000], ['escalate', 7_200_000], ['escalateAgain', 14_400_000], ['decide', 28_800_000]]);
    const timer = (name: string): InstanceEvent => ({ type: 'timer', node: 'manager', token: 1, name });
    const up = walk(def, [timer('remind'), timer('escalate'), { type: 'transfer', node: 'manager', visit: 1, from: 'bob', to: 'dan', by: 'system' }, timer('escalateAgain')]);
    expect(up.effects).toEqual([{ type: 'escalate', node: 'manager', visit: 1, from: ['dan'] }]);
    const decided = walk(def, [timer('remind'), timer('escalate'), timer('escalateAgain'), timer('decide')]);
    expect(decided.at).toEqual(['hr']);
    expect(decided.context.notes.map((n) => n.note)).toEqual(['reminded the approvers', 'escalated to the approvers\' managers', 'escalated to level 2', 'no decision in time; approved automatically']);
  });

  it('refuses rungs out of order, and a second escalation without a first', () => {
    const problems = (deadlines: Record<string, unknown>) => validate(withHr({}, { deadlines })).map((p) => `${p.pointer}: ${p.message}`);
    expect(problems({ escalateAfter: 'PT4H', escalateAgainAfter: 'PT2H' })).toEqual(['/nodes/1/config/deadlines/escalateAgainAfter: must come after escalateAfter (PT4H): the ladder is remind, escalate, escalate again, decide']);
    expect(problems({ escalateAgainAfter: 'PT2H' })).toEqual(['/nodes/1/config/deadlines/escalateAgainAfter: a second escalation needs escalateAfter, the first']);
    expect(problems({ remindAfter: 'P1D', decideAfter: 'PT4H' })).toEqual(['/nodes/1/config/deadlines/decideAfter: must come after remindAfter (P1D): the ladder is remind, escalate, escalate again, decide']);
  });
});
