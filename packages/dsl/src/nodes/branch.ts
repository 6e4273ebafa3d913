import { passOn } from './machine';
import { defineNode, schema } from './sdk';

export const branch = defineNode({
  type: 'branch',
  title: 'Condition branch',
  category: 'flow',
  icon: 'split',
  description: 'Leaves along the first edge whose condition holds, in edge order; an edge without a condition is the default.',
  behaviour: 'gateway',
  config: schema({}),
  machine: passOn('next'),
});
