import { Type, type Static } from '@sinclair/typebox';
import { parseDuration, DURATION_HINT } from '../duration';
import { checkRule } from '../expressions';
import { isTimeZone } from '../routing';
import { checkTemplate, templatePaths } from '../templates';
import { array, defineNode, duration, enumOf, optional, schema, string, text, unknown, type ConfigProblem } from './sdk';
import { WORDS } from '../words';

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM', 'x-message': WORDS.clock });
/** What a step's text may read. */
export const SOP_TEXT_PATHS = ['customer.id', 'customer.name', 'customer.email', 'customer.owner', 'customer.source', 'item.id', 'item.type', 'item.source', 'step'];

const cadenceConfig = schema({
  trigger: schema({
    event: enumOf(['customer.added', 'inquiry.opened', 'workflow.node'] as const),
    definition: optional(string({ minLength: 1, description: 'workflow.node: the workflow definition id' })),
    node: optional(string({ minLength: 1, description: 'workflow.node: the node id; the cadence starts each time an instance reaches it' })),
    when: optional(unknown({ description: 'json-logic over { customer, item }: only these start the cadence' })),
  }),
  steps: array(schema({
    at: string({ minLength: 1, description: 'ISO 8601 duration after the trigger: PT0S (at once), PT4H, P1D...' }),
    action: enumOf(['task', 'remind', 'escalate'] as const, { description: 'task: a follow-up task for the owner; remind: the owner, if the task is open; escalate: the owner\'s manager' }),
    text: text({ minLength: 1 }),
    role: optional(string({ minLength: 1, description: 'escalate: to the holders of this business role (by its code) instead of the owner\'s manager' })),
  }), { minItems: 1 }),
  cancelWhen: optional(unknown({ description: 'json-logic over { customer, task, run }; when it holds, the remaining steps are dropped' })),
  quietHours: optional(schema({ timezone: string({ minLength: 1 }), from: Clock, to: Clock })),
  responseTarget: optional(duration({ description: 'first response expected within, e.g. PT1H' })),
});
export type CadenceConfig = Static<typeof cadenceConfig>;

export const sopCadence = defineNode({
  type: 'sop.cadence',
  title: 'SOP cadence',
  category: 'sop',
  icon: 'list-checks',
  description: 'After a trigger, runs timed steps (follow-up task, reminder, escalation) until a cancel condition holds.',
  config: cadenceConfig,
  check: (config) => {
    const problems: ConfigProblem[] = [];
    const rule = (value: unknown, at: string, roots: string[]) => {
      if (value !== undefined) for (const p of checkRule(value, roots).problems) problems.push({ pointer: `${at}${p.pointer}`, message: p.message });
    };
    rule(config.trigger.when, '/trigger/when', ['customer', 'item']);
    if (config.trigger.event === 'workflow.node') {
      if (!config.trigger.definition) problems.push({ pointer: '/trigger/definition', message: 'a workflow.node trigger names the workflow definition' });
      if (!config.trigger.node) problems.push({ pointer: '/trigger/node', message: 'a workflow.node trigger names the node' });
    } else if (config.trigger.definition !== undefined || config.trigger.node !== undefined) {
      problems.push({ pointer: '/trigger', message: `definition and node belong to a workflow.node trigger, not ${config.trigger.event}` });
    }
    rule(config.cancelWhen, '/cancelWhen', ['customer', 'task', 'run']);
    let last = -1;
    config.steps.forEach((step, i) => {
      const ms = step.at === 'PT0S' ? 0 : parseDuration(step.at);
      if (ms === null) problems.push({ pointer: `/steps/${i}/at`, message: `"${step.at}" ${DURATION_HINT}` });
      else if (ms < last) problems.push({ pointer: `/steps/${i}/at`, message: 'steps must be in time order' });
      else last = ms;
      if (step.role !== undefined && step.action !== 'escalate') problems.push({ pointer: `/steps/${i}/role`, message: 'only an escalate step goes to a role' });
      const parseError = checkTemplate(step.text);
      if (parseError) problems.push({ pointer: `/steps/${i}/text`, message: `does not parse: ${parseError}` });
      else for (const p of templatePaths(step.text)) {
        if (!SOP_TEXT_PATHS.includes(p)) problems.push({ pointer: `/steps/${i}/text`, message: `unknown template variable "${p}"; a step may read ${SOP_TEXT_PATHS.join(', ')}` });
      }
    });
    if (config.steps[0] && config.steps[0].action !== 'task' && !config.steps.some((s) => s.action === 'task')) {
      problems.push({ pointer: '/steps', message: 'needs a task step for reminders and escalations to follow' });
    }
    if (config.quietHours && !isTimeZone(config.quietHours.timezone)) problems.push({ pointer: '/quietHours/timezone', message: `unknown time zone "${config.quietHours.timezone}"` });
    return problems;
  },
  behaviour: 'runtime',
  runtime: 'sop',
});
