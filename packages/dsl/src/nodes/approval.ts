import { checkTemplate } from '../templates';
import type { ConfigProblem } from './sdk';
import { array, defineNode, enumOf, optional, schema, string, text } from './sdk';

const Assignee = schema({
  type: enumOf(['user', 'field', 'initiator'] as const, { description: 'a named user, a people field of the form, or the initiator' }),
  value: optional(string({ minLength: 1, description: 'user: the user id; field: the form field key' })),
});

export const approval = defineNode({
  type: 'approval',
  title: 'Approval',
  category: 'people',
  icon: 'stamp',
  description: 'Asks people to approve or reject; leaves by "approved" or "rejected".',
  behaviour: 'approval',
  outputs: ['approved', 'rejected'],
  config: schema({
    title: optional(text({ description: 'task title shown in the inbox (Handlebars over form, initiator, vars)' })),
    assignees: array(Assignee, { minItems: 1 }),
    mode: optional(enumOf(['any', 'all'] as const, { default: 'any', description: 'any: the first decision counts; all: everyone must approve' })),
    whenNobody: optional(enumOf(['approve', 'reject'] as const, { default: 'reject', description: 'what happens when no approver resolves' })),
  }),
  check(config, { fields }) {
    const problems: ConfigProblem[] = [];
    if (config.title !== undefined) {
      const error = checkTemplate(config.title);
      if (error) problems.push({ pointer: '/title', message: `template does not parse: ${error}` });
    }
    config.assignees.forEach((a, i) => {
      if (a.type === 'initiator') return;
      if (!a.value) {
        problems.push({ pointer: `/assignees/${i}/value`, message: `${a.type} assignee needs a value` });
      } else if (a.type === 'field') {
        const field = fields.find((f) => f.key === a.value);
        if (!field) problems.push({ pointer: `/assignees/${i}/value`, message: `unknown form field "${a.value}"` });
        else if (field.type !== 'people') problems.push({ pointer: `/assignees/${i}/value`, message: `form field "${a.value}" is not a people field` });
      }
    });
    return problems;
  },
});
