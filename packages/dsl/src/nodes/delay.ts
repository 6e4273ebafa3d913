import { parseDuration, DURATION_HINT } from '../duration';
import type { ActionArgs } from './machine';
import { defineNode, duration, schema } from './sdk';

export const delay = defineNode({
  type: 'delay',
  title: 'Delay',
  category: 'timing',
  icon: 'clock',
  description: 'Waits for a duration on a durable timer, then goes on.',
  behaviour: 'wait',
  config: schema({ duration: duration({ description: 'ISO 8601, e.g. PT4H or P2D' }) }),
  check: (config) => (parseDuration(config.duration) === null ? [{ pointer: '/duration', message: `"${config.duration}" ${DURATION_HINT}` }] : []),
  machine: (kit) => {
    const delayMs = parseDuration((kit.node.config as { duration: string }).duration)!;
    const token = (args: Pick<ActionArgs, 'context'>) => ({ node: kit.node.id, token: kit.visit(args) });
    return {
      entry: [kit.enter, { type: 'scheduleTimer', params: (args: Pick<ActionArgs, 'context'>) => ({ ...token(args), delayMs }) }],
      exit: [{ type: 'cancelTimer', params: token }],
      on: { timer: kit.when(kit.leave('next'), [{ type: 'timerIsCurrent', params: { node: kit.node.id } }]) },
    };
  },
});
