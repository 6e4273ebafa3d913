import { parseDuration, DURATION_HINT } from '../duration';
import type { ActionArgs } from './machine';
import { defineNode, duration, optional, schema, string } from './sdk';

/**
 * Waits until an outside system sends a named event to the instance
 * (POST /api/v1/instances/{id}/events), then goes on by `received` with the
 * event's payload in `vars[into]`. With a timeout it leaves by `timeout`
 * when nothing came in time.
 */
export const waitEvent = defineNode({
  type: 'event.wait',
  title: 'Wait for an event',
  category: 'integration',
  icon: 'inbox',
  description: 'Waits for an event from an outside system (by name), optionally with a timeout.',
  behaviour: 'receive',
  config: schema({
    event: string({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$', description: 'the event name the outside system sends, e.g. payment.settled' }),
    into: optional(string({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$', description: 'the variable that receives the payload; the event name when absent' })),
    timeout: optional(duration({ description: 'ISO 8601; leave by "timeout" when nothing came in time' })),
  }),
  outputs: ['received', 'timeout'],
  check: (config) => (config.timeout !== undefined && parseDuration(config.timeout) === null ? [{ pointer: '/timeout', message: `"${config.timeout}" ${DURATION_HINT}` }] : []),
  machine: (kit) => {
    const id = kit.node.id;
    const config = kit.node.config as { event: string; into?: string; timeout?: string };
    const timeoutMs = config.timeout === undefined ? null : parseDuration(config.timeout)!;
    const token = (args: Pick<ActionArgs, 'context'>) => ({ node: id, token: kit.visit(args) });
    return {
      entry: [kit.enter, ...(timeoutMs === null ? [] : [{ type: 'scheduleTimer', params: (args: Pick<ActionArgs, 'context'>) => ({ ...token(args), delayMs: timeoutMs }) }])],
      exit: timeoutMs === null ? [] : [{ type: 'cancelTimer', params: token }],
      on: {
        external: kit.when(kit.leave('received'), [{ type: 'eventNamed', params: { name: config.event } }], [{ type: 'receivePayload', params: { into: config.into ?? config.event } }]),
        ...(timeoutMs === null ? {} : { timer: kit.when(kit.leave('timeout'), [{ type: 'timerIsCurrent', params: { node: id } }]) }),
      },
    };
  },
});
