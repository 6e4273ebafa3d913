import { defineNode, enumOf, optional, schema } from './sdk';

type Status = 'completed' | 'rejected';

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
  machine: (kit) => ({
    type: 'final',
    entry: [kit.enter, { type: 'finish', params: { outcome: (kit.node.config as { status?: Status } | undefined)?.status ?? 'completed' } }, ...kit.copyOnFinish()],
  }),
});
