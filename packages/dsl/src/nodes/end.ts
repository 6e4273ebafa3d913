import { defineNode, enumOf, optional, schema } from './sdk';

export const end = defineNode({
  type: 'end',
  title: 'End',
  category: 'flow',
  icon: 'flag',
  description: 'Finishes the instance with a status.',
  behaviour: 'end',
  config: schema({
    status: optional(enumOf(['completed', 'rejected'] as const, { default: 'completed', description: 'the status the instance ends with' })),
  }),
});
