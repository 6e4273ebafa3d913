import { parseDuration, DURATION_HINT } from '../duration';
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
});
