import { compile, type InstanceEvent } from './compile';
import type { Definition } from './definition';
import { mappingProblems, planMigration, suggestMapping, type CompiledVersion, type MigrationMove, type MigrationPlan } from './migration';
import { replay, stateDigest } from './replay';
import { start, step, type Step } from './run';
import { initiator, instance, twoStepApproval } from './testing/definitions';

const now = new Date('2026-03-02T10:00:00Z');
const version = (n: number, definition: Definition): CompiledVersion => ({ version: n, definition, machine: compile(definition) });

/** v2: manager split into "lead" then "head"; hr kept but with a deadline. */
function splitVersion(): Definition {
  const def = twoStepApproval();
  return {
    ...def,
    nodes: [
      def.nodes[0]!,
      { id: 'lead', type: 'approval', config: { assignees: [{ type: 'user', value: 'dave' }] } },
      { id: 'head', type: 'approval', config: { assignees: [{ type: 'user', value: 'erin' }] } },
      { id: 'hr', type: 'approval', config: { assignees: [{ type: 'user', value: 'carol' }], deadlines: { remindAfter: 'P1D' } } },
      ...def.nodes.slice(3),
    ],
    edges: [
      { from: 'start', to: 'lead' },
      { from: 'lead', to: 'head', on: 'approved' },
      { from: 'lead', to: 'rejected', on: 'rejected' },
      { from: 'head', to: 'hr', on: 'approved' },
      { from: 'head', to: 'rejected', on: 'rejected' },
      { from: 'hr', to: 'approved', on: 'approved' },
      { from: 'hr', to: 'rejected', on: 'rejected' },
    ],
  };
}

const v1 = version(1, twoStepApproval());
const v2 = version(2, splitVersion());

function running(events: InstanceEvent[] = []): Step {
  let current = start(v1.machine, { form: { days: 2 }, initiator, instance });
  for (const event of events) {
    const next = step(v1.machine, JSON.parse(JSON.stringify(current.snapshot)), event);
    if (!next.accepted) throw new Error(`refused ${event.type}`);
    current = next;
  }
  return current;
}

const plan = (s: Step, mapping: Record<string, string>): MigrationPlan => planMigration(v1, v2, mapping, { status: s.status, at: s.at, snapshot: s.snapshot, enteredAt: new Date(now.getTime() - 3_600_000) }, now);
const moved = (p: MigrationPlan): MigrationMove => {
  if (p.outcome !== 'migrate') throw new Error(`refused: ${p.message}`);
  return p;
};

describe('suggestMapping', () => {
  it('maps nodes whose id survives and leaves the others for the analyst', () => {
    expect(suggestMapping(v1.definition, v2.definition)).toEqual([
      { from: 'manager', to: null, why: 'missing' },
      { from: 'hr', to: 'hr', why: 'sameId' },
    ]);
  });
});

describe('mappingProblems', () => {
  it('names each bad entry by its pointer', () => {
    expect(mappingProblems(v1.definition, v2.definition, { manager: 'nowhere', hr: 'start', ghost: 'hr', lead: 7 })).toEqual([
      { pointer: '/mapping/manager', message: 'the new version has no node "nowhere"' },
      { pointer: '/mapping/hr', message: '"start" is not a node where a request can wait outside parallel branches' },
      { pointer: '/mapping/ghost', message: '"ghost" is not a node of the old version where a request can wait' },
      { pointer: '/mapping/lead', message: '"lead" is not a node of the old version where a request can wait' },
    ]);
    expect(mappingProblems(v1.definition, v2.definition, { manager: 'head', hr: 'hr' })).toEqual([]);
  });
});

describe('planMigration', () => {
  it('re-enters a removed node\'s target: closes the open task, opens the new one, and the next event runs on the new version', () => {
    const p = moved(plan(running(), { manager: 'lead' }));
    expect(p.how).toBe('reentered');
    expect(p.to).toEqual(['lead']);
    expect(p.closes).toEqual([{ node: 'manager', visit: 1, assignee: 'bob' }]);
    expect(p.opens).toEqual([{ node: 'lead', visit: 1, assignee: 'dave' }]);
    expect(p.context.path).toEqual(['start', 'manager', 'lead']);
    const next = step(v2.machine, p.snapshot, { type: 'decide', node: 'lead', visit: 1, by: 'dave', outcome: 'approved' });
    expect(next.accepted && next.at).toEqual(['head']);
  });

  it('keeps a node with the same rules in place and moves its changed deadline, counted from when it was entered', () => {
    const p = moved(plan(running([{ type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'approved' }]), { hr: 'hr' }));
    expect(p.how).toBe('kept');
    expect(p.closes).toEqual([]);
    expect(p.opens).toEqual([]);
    expect(p.timers.scheduled).toEqual([{ node: 'hr', token: 1, name: 'remind', delayMs: 86_400_000 - 3_600_000 }]);
    expect(p.effects).toEqual([{ type: 'scheduleTimer', node: 'hr', token: 1, name: 'remind', delayMs: 86_400_000 - 3_600_000 }]);
    const next = step(v2.machine, p.snapshot, { type: 'decide', node: 'hr', visit: 1, by: 'carol', outcome: 'approved' });
    expect(next.accepted && next.status).toBe('completed');
  });

  it('drops the timers of the node it leaves', () => {
    const v3 = version(3, { ...v2.definition, nodes: v2.definition.nodes.map((n) => (n.id === 'hr' ? { ...n, config: { assignees: [{ type: 'user', value: 'frank' }] } } : n)) });
    const atHr = running([{ type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'approved' }]);
    const onV2 = moved(planMigration(v1, v2, { hr: 'hr' }, { status: 'running', at: atHr.at, snapshot: atHr.snapshot }, now));
    const p = moved(planMigration(v2, v3, { hr: 'hr' }, { status: 'running', at: ['hr'], snapshot: onV2.snapshot }, now));
    expect(p.how).toBe('reentered');
    expect(p.timers.dropped).toEqual([{ node: 'hr', token: 1, name: 'remind' }]);
    expect(p.closes).toEqual([{ node: 'hr', visit: 1, assignee: 'carol' }]);
    expect(p.opens).toEqual([{ node: 'hr', visit: 2, assignee: 'frank' }]);
  });

  it('refuses an unmapped node, the same version and a finished instance, each with its reason', () => {
    expect(plan(running(), { hr: 'hr' })).toMatchObject({ outcome: 'refused', code: 'unmapped', message: 'node "manager" has no mapping' });
    expect(planMigration(v1, v1, {}, { status: 'running', at: ['manager'], snapshot: running().snapshot }, now)).toMatchObject({ code: 'sameVersion' });
    const done = running([{ type: 'decide', node: 'manager', visit: 1, by: 'bob', outcome: 'rejected' }]);
    expect(plan(done, { manager: 'lead' })).toMatchObject({ code: 'finished', message: 'the instance is rejected' });
  });

  it('refuses an instance whose parallel branches are mid-way', () => {
    const forked: Definition = {
      ...twoStepApproval(),
      nodes: [
        { id: 'start', type: 'start' }, { id: 'fork', type: 'parallel' },
        { id: 'a', type: 'approval', config: { assignees: [{ type: 'user', value: 'bob' }] } },
        { id: 'b', type: 'approval', config: { assignees: [{ type: 'user', value: 'carol' }] } },
        { id: 'meet', type: 'join' }, { id: 'approved', type: 'end' },
      ],
      edges: [{ from: 'start', to: 'fork' }, { from: 'fork', to: 'a' }, { from: 'fork', to: 'b' }, { from: 'a', to: 'meet', on: 'approved' }, { from: 'b', to: 'meet', on: 'approved' }, { from: 'meet', to: 'approved' }],
    };
    const f1 = version(1, forked);
    const s = start(f1.machine, { form: { days: 1 }, initiator, instance });
    expect(planMigration(f1, version(2, forked), { a: 'a', b: 'b' }, { status: s.status, at: s.at, snapshot: s.snapshot }, now))
      .toMatchObject({ outcome: 'refused', code: 'parallel' });
  });

  it('moves a returned request to wait for resubmission at the mapped node', () => {
    const returned = running([{ type: 'return', node: 'manager', visit: 1, by: 'bob', to: 'initiator' }]);
    const p = moved(plan(returned, { manager: 'head' }));
    expect(p).toMatchObject({ how: 'returned', status: 'returned', effects: [] });
    const next = step(v2.machine, p.snapshot, { type: 'resubmit', by: 'alice', form: { days: 3 } });
    expect(next.accepted && next.at).toEqual(['head']);
  });
});

describe('replay across a migration', () => {
  it('steps through the events on version 1, the move, then the events on version 2, ending where a live run would', () => {
    const decideOn = (node: string, by: string): InstanceEvent => ({ type: 'decide', node, visit: 1, by, outcome: 'approved' });
    const at = running();
    const move = moved(plan(at, { manager: 'lead' }));
    const afterMove: Step = { ...move, at: move.to, accepted: true } as unknown as Step;
    // what the engine stored: the move's state, then lead's approval on version 2
    const live = step(v2.machine, JSON.parse(JSON.stringify(afterMove.snapshot)), decideOn('lead', 'dave'));
    if (!live.accepted) throw new Error('lead could not decide on version 2');
    const recorded = replay(v1.machine, v1.definition, { form: { days: 2 }, initiator, instance }, [
      { machine: v2.machine, definition: v2.definition, move: (snapshot) => {
        const p = planMigration(v1, v2, { manager: 'lead' }, { status: 'running', at: ['manager'], snapshot, enteredAt: now }, now);
        return p.outcome === 'migrate' ? ({ ...p, at: p.to, accepted: true } as unknown as Step) : null;
      } },
      decideOn('lead', 'dave'),
    ]);
    expect(recorded.steps.map((s) => [s.accepted, s.at])).toEqual([[true, ['manager']], [true, ['lead']], [true, ['head']]]);
    expect(recorded.steps[2]!.digest).toBe(stateDigest(live.snapshot));
  });

  it('marks the move not accepted when the state cannot be moved, and does not hide it', () => {
    const recorded = replay(v1.machine, v1.definition, { form: { days: 2 }, initiator, instance }, [{ machine: v2.machine, definition: v2.definition, move: () => null }]);
    expect(recorded.steps.map((s) => s.accepted)).toEqual([true, false]);
  });
});
