import { automaticSteps } from '../timeline';
import { Type } from '@sinclair/typebox';
import { compile } from '../compile';
import { start, step } from '../run';
import { initiator, instance, twoStepApproval } from '../testing/definitions';
import { builtinNodes, builtinRegistry } from './registry';
import { defineNode, schema } from './sdk';

describe('node behaviour lives beside its declaration', () => {
  it('every built-in node brings its own machine state, runs `execute` as an action, or names the runtime that runs it', () => {
    for (const type of builtinNodes) {
      const how = [type.machine ? 'machine' : null, type.behaviour === 'action' ? 'action' : null, type.runtime ? 'runtime' : null].filter(Boolean);
      expect({ type: type.type, how }).toEqual({ type: type.type, how: [expect.any(String)] });
      // no empty execute stubs: only action nodes have one
      expect({ type: type.type, execute: Boolean(type.execute) }).toEqual({ type: type.type, execute: type.behaviour === 'action' });
    }
    expect(builtinNodes.filter((t) => t.runtime).map((t) => `${t.type}:${t.runtime}`)).toEqual([
      'route:routing', 'sop.cadence:sop', 'campaign.audience:campaign', 'channel.in-app:campaign', 'channel.email:campaign', 'channel.webhook:campaign',
    ]);
  });

  it('compile() asks each node type for its state: a custom node with its own machine is compiled through it', () => {
    // a custom "hold" node: waits for an outside event named after the node, declared in one place
    const hold = defineNode({
      type: 'acme.hold',
      title: 'Hold',
      category: 'custom',
      behaviour: 'receive',
      config: schema({ reason: Type.String() }),
      machine: (kit) => ({
        entry: [kit.enter, { type: 'note', params: { node: kit.node.id, note: `held: ${(kit.node.config as { reason: string }).reason}` } }],
        on: { external: kit.when(kit.leave('next'), [{ type: 'eventNamed', params: { name: `release.${kit.node.id}` } }]) },
      }),
    });
    const def = twoStepApproval();
    def.nodes.splice(1, 0, { id: 'hold', type: 'acme.hold', config: { reason: 'budget freeze' } });
    def.edges[0] = { from: 'start', to: 'hold' };
    def.edges.push({ from: 'hold', to: 'manager' });
    const machine = compile(def, builtinRegistry.with([hold]));
    const first = start(machine, { form: { days: 2 }, initiator, instance });
    expect(first.at).toEqual(['hold']);
    expect(first.context.notes).toEqual([{ node: 'hold', visit: 1, note: 'held: budget freeze' }]);
    expect(automaticSteps([], first.context.notes)).toEqual([{ type: 'automatic', actor: 'system', node: 'hold', outcome: 'held: budget freeze' }]);
    expect(step(machine, first.snapshot, { type: 'external', name: 'release.other', payload: {} }).accepted).toBe(false);
    const released = step(machine, first.snapshot, { type: 'external', name: 'release.hold', payload: {} });
    expect(released.accepted && released.at).toEqual(['manager']);
  });

  it('refuses declarations that say one thing and do another', () => {
    const base = { title: 'X', category: 'custom', config: schema({}) };
    expect(() => defineNode({ ...base, type: 'acme.a', behaviour: 'wait', execute: async () => ({}) })).toThrow('only action nodes have an execute function');
    expect(() => defineNode({ ...base, type: 'acme.b', behaviour: 'runtime' })).toThrow('names its runtime');
    expect(() => defineNode({ ...base, type: 'acme.c', runtime: 'sop', execute: async () => ({}) })).toThrow('names its runtime');
    expect(defineNode({ ...base, type: 'acme.d', behaviour: 'runtime', runtime: 'campaign' }).outputs).toEqual(['next']);
  });
});
