import { passOn } from './machine';
import { defineNode, schema } from './sdk';

export const start = defineNode({
  type: 'start',
  title: 'Start',
  category: 'flow',
  icon: 'play',
  description: 'Where every instance begins, when the request is submitted.',
  behaviour: 'start',
  config: schema({}),
  machine: passOn('next'),
});
