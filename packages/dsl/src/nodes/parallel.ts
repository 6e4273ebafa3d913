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
});
