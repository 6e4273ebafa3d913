import { raise } from 'xstate';
import { passOn, sid } from './machine';
import { defineNode, enumOf, optional, schema } from './sdk';

/** Starts every outgoing branch at once; the branches meet again at one join node. */
export const parallel = defineNode({
  type: 'parallel',
  title: 'Parallel branches',
  category: 'flow',
  icon: 'fork',
  description: 'Runs every outgoing edge as a branch at the same time; the branches must meet at one join.',
  behaviour: 'fork',
  config: schema({}),
  machine: (kit) => {
    const id = kit.node.id;
    const { branches, join: meet, joinMode } = kit.region();
    const states = Object.fromEntries(branches.map((nodes, i) => [`b${i}`, {
      initial: nodes[0] ?? '$arrived',
      states: {
        ...Object.fromEntries(nodes.map((n) => [n, kit.stateOf(n)])),
        // a branch that reached the join; with "any" the first one takes the request on
        $arrived: { id: sid(arrivedAt(id, i)), type: 'final', entry: joinMode === 'any' ? [raise({ type: 'branch.arrived', fork: id } as never)] : [] },
      },
    }]));
    const onward = { target: `#${sid(meet!)}` };
    return { type: 'parallel', entry: [kit.enter], states, ...(joinMode === 'all' ? { onDone: onward } : { on: { 'branch.arrived': onward } }) };
  },
});

/** Where parallel branches meet: goes on when all of them (or the first) have arrived. */
export const join = defineNode({
  type: 'join',
  title: 'Join',
  category: 'flow',
  icon: 'merge',
  description: 'Waits for the parallel branches: all of them, or the first to arrive (the others are then cancelled).',
  behaviour: 'join',
  config: schema({ mode: optional(enumOf(['all', 'any'] as const, { default: 'all', description: 'all: every branch; any: the first branch' })) }),
  machine: passOn('next'),
});

/** The final state of a fork's branch that reached the join: a node inside it leaves to this instead of the join. */
export const arrivedAt = (fork: string, branch: number) => `${fork}$arrived${branch}`;
